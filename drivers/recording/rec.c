/* rec.c: the native recording (layout in rec.h).
 *
 * Header: JSON, validated field by field on reading. Blocks: a payload of frames packed
 * as varints, each block on its own (first frame absolute, the rest as deltas):
 *
 *   u8 flags            frame flags (bits 0-2) | 0x80 when seq info follows
 *   [varint lost_before, varint seq]   on a block's first frame, and whenever
 *                       seq != previous seq + 1 (mod 65536) or lost_before != 0
 *   device_us           first frame: varint; later: zigzag varint of the change of the
 *                       step, step = (int32)(t - previous t), so a steady clock costs a byte
 *   counts[8]           first frame: zigzag varint; later: zigzag varint of the change
 *
 * host_ns is not kept: it belongs to the session that received the frames.
 */
#include "rec.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define REC_MAGIC "STNREC\r\n"
#define REC_MAGIC_LEN 8
#define REC_VERSION 2             /* written; version 1 (no header checksum) is still read */
#define REC_VERSION_NO_CRC 1
#define REC_FILE_HEAD_LEN 16      /* magic, version, header_len */
#define REC_HEADER_CRC_LEN 4      /* version 2: crc32 of version, header_len and the header */
#define REC_HEADER_MAX (1u << 20) /* a real header is ~1 KB with its calibration */
#define REC_BLOCK_HEAD_LEN 16     /* "BLK1", frame_count, payload_len, crc32 */
#define REC_RATE_MIN 100
#define REC_RATE_MAX 2000
#define REC_ADC_BITS_MAX 24

#define FLAG_SEQ_INFO 0x80
#define FLAGS_KNOWN (PLATE_FRAME_SATURATED | PLATE_FRAME_GAP_BEFORE | PLATE_FRAME_GONE)

/* The most one frame can take: flags 1, lost_before 5, seq 3, device_us 5 (a change of
 * step needs 33 bits), and 8 counts of 4 (changes of a 24-bit value need 25 bits). */
#define FRAME_MAX_BYTES (1 + 5 + 3 + 5 + PLATE_CHANNELS * 4)
#define BLOCK_PAYLOAD_MAX (REC_BLOCK_FRAMES * FRAME_MAX_BYTES)

#define MESSAGE_MAX 512

static const uint8_t block_magic[4] = { 'B', 'L', 'K', '1' };

/* ---- bytes ---- */

static void put_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/* Small magnitudes of either sign become small unsigned values: 0, -1, 1, -2... */
static uint64_t zigzag_encode(int64_t v)
{
	return v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
}

static int64_t zigzag_decode(uint64_t z)
{
	return (z & 1) ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
}

/* The step between two readings of a wrapping 32-bit clock, as a signed value; written
 * out because converting an out-of-range value to int32_t is implementation-defined. */
static int32_t clock_step(uint32_t from, uint32_t to)
{
	uint32_t d = to - from;
	return d <= INT32_MAX ? (int32_t)d : (int32_t)(d - 0x80000000u) + INT32_MIN;
}

static bool count_in_range(int64_t v)
{
	return v >= PLATE_ADC_MIN && v <= PLATE_ADC_MAX;
}

static int errno_status(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return ST_ERR_NOT_FOUND;
	case EACCES:
	case EPERM:
		return ST_ERR_ACCESS;
	default:
		return ST_ERR_IO;
	}
}

/* ---- writer ---- */

/* Where the next frame goes in the block being built; the previous frame's values are
 * what the next one is stored against. */
struct block_encoder {
	uint8_t *payload;
	size_t len;
	uint32_t frames;
	uint16_t prev_seq;
	uint32_t prev_us;
	int32_t prev_step;
	int32_t prev_counts[PLATE_CHANNELS];
};

/* The thread that syncs a recording while it is written (rec_writer_sync_every). */
struct syncer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stop;             /* stop: under lock */
	bool due;                       /* sync now, not at the period's end: under lock */
	_Atomic unsigned blocks;        /* blocks written since the thread last took `written` */
	double period_s;
	char *folder;                   /* fsynced once, after the first sync: the file's name */
	_Atomic uint64_t written;       /* bytes written, by the writer */
	uint64_t synced;                /* bytes synced, by the thread */
	_Atomic int failed;             /* errno of a failed sync, for the writer to report */
};

struct rec_writer {
	int fd;
	char *path;
	int error;                      /* first write error; sticky, as the file may end in a torn block */
	char error_msg[MESSAGE_MAX];
	bool gap_pending;               /* the plate went away: the next frame follows a gap */
	unsigned rate_hz;
	uint32_t block_frames;          /* frames per block: fewer while syncing, so blocks reach the disk */
	struct syncer sync;
	struct block_encoder enc;
	uint8_t block[REC_BLOCK_HEAD_LEN + BLOCK_PAYLOAD_MAX];
};

static int writer_error(const struct rec_writer *w)
{
	return st_fail(w->error, "%s", w->error_msg);
}

static int writer_failed(struct rec_writer *w, const char *op, int err)
{
	if (!w->error) {
		w->error = st_fail(ST_ERR_IO, "%s: %s failed: %s", w->path, op, strerror(err));
		snprintf(w->error_msg, sizeof w->error_msg, "%s", st_errmsg());
	}
	return writer_error(w);
}

static int write_all(struct rec_writer *w, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(w->fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return writer_failed(w, "write", n < 0 ? errno : EIO);
		buf += n;
		len -= (size_t)n;
		atomic_fetch_add(&w->sync.written, (uint64_t)n);
	}
	return ST_OK;
}

static void encode_frame(struct block_encoder *e, const struct plate_frame *f)
{
	bool first = e->frames == 0;
	bool seq_info = first || f->lost_before != 0 || f->seq != (uint16_t)(e->prev_seq + 1);
	uint8_t *p = e->payload + e->len;

	*p++ = (uint8_t)(f->flags | (seq_info ? FLAG_SEQ_INFO : 0));
	if (seq_info) {
		p = put_varint(p, f->lost_before);
		p = put_varint(p, f->seq);
	}
	if (first) {
		p = put_varint(p, f->device_us);
		e->prev_step = 0;
	} else {
		int32_t step = clock_step(e->prev_us, f->device_us);
		p = put_varint(p, zigzag_encode((int64_t)step - e->prev_step));
		e->prev_step = step;
	}
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		int64_t base = first ? 0 : e->prev_counts[c];
		p = put_varint(p, zigzag_encode(f->counts[c] - base));
		e->prev_counts[c] = f->counts[c];
	}
	e->prev_seq = f->seq;
	e->prev_us = f->device_us;
	e->len = (size_t)(p - e->payload);
	e->frames++;
}

/* Blocks of half a period each: this many unsynced means frames came faster than real
 * time (a set's recording starts with the seconds before it at once): sync them now
 * rather than at the period's end, when a cut would take them all. */
#define BURST_BLOCKS 4

static void note_block(struct syncer *y)
{
	if (atomic_fetch_add(&y->blocks, 1) + 1 != BURST_BLOCKS)
		return;
	pthread_mutex_lock(&y->lock);
	y->due = true;
	pthread_cond_signal(&y->wake);
	pthread_mutex_unlock(&y->lock);
}

/* Writes the block being built, if any, and starts a new one. */
static int end_block(struct rec_writer *w)
{
	struct block_encoder *e = &w->enc;
	if (e->frames == 0)
		return ST_OK;
	memcpy(w->block, block_magic, sizeof block_magic);
	put_u32le(w->block + 4, e->frames);
	put_u32le(w->block + 8, (uint32_t)e->len);
	put_u32le(w->block + 12, (uint32_t)crc32(0L, e->payload, (uInt)e->len));
	int rc = write_all(w, w->block, REC_BLOCK_HEAD_LEN + e->len);
	e->frames = 0;
	e->len = 0;
	if (w->sync.running)
		note_block(&w->sync);
	return rc;
}

static int check_frame(const struct rec_writer *w, const struct plate_frame *f, size_t i)
{
	if (f->flags & ~FLAGS_KNOWN)
		return st_fail(ST_ERR_ARG, "%s: frame %zu: unknown flag bits 0x%02x", w->path, i,
			       (unsigned)(f->flags & ~FLAGS_KNOWN));
	for (int c = 0; c < PLATE_CHANNELS; c++)
		if (!count_in_range(f->counts[c]))
			return st_fail(ST_ERR_ARG, "%s: frame %zu: channel %d count %d outside the 24-bit range",
				       w->path, i, c, (int)f->counts[c]);
	return ST_OK;
}

int rec_writer_write(struct rec_writer *w, const struct plate_frame *frames, size_t n)
{
	if (w->error)
		return writer_error(w);
	int sync_err = atomic_load(&w->sync.failed);
	if (sync_err)
		return writer_failed(w, "fdatasync", sync_err);
	/* All or nothing: a refused frame leaves the recording as it was. */
	for (size_t i = 0; i < n; i++) {
		int rc = check_frame(w, &frames[i], i);
		if (rc != ST_OK)
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		struct plate_frame f = frames[i];
		if (f.flags & PLATE_FRAME_GONE) {
			w->gap_pending = true;
			continue;
		}
		if (w->gap_pending)
			f.flags |= PLATE_FRAME_GAP_BEFORE;
		w->gap_pending = false;
		encode_frame(&w->enc, &f);
		if (w->enc.frames == w->block_frames) {
			int rc = end_block(w);
			if (rc != ST_OK)
				return rc;
		}
	}
	return ST_OK;
}

int rec_writer_flush(struct rec_writer *w, bool sync)
{
	if (w->error)
		return writer_error(w);
	int rc = end_block(w);
	if (rc != ST_OK)
		return rc;
	if (sync && fsync(w->fd) != 0)
		return writer_failed(w, "fsync", errno);
	return ST_OK;
}

/* ---- syncing while writing ---- */

static int fsync_folder(const char *folder)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int err = fsync(fd) == 0 ? 0 : errno;
	close(fd);
	return err;
}

/* Every period (or at once after a burst, note_block), what was written since the last
 * sync is fdatasync()ed; the first time, the folder too, so the file's name survives a
 * power cut as well as its bytes. */
static void *sync_loop(void *arg)
{
	struct rec_writer *w = arg;
	struct syncer *y = &w->sync;
	bool folder_synced = false;
	pthread_mutex_lock(&y->lock);
	while (!y->stop) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		long ns = until.tv_nsec + (long)(y->period_s * 1e9);
		until.tv_sec += ns / 1000000000L;
		until.tv_nsec = ns % 1000000000L;
		while (!y->stop && !y->due && pthread_cond_timedwait(&y->wake, &y->lock, &until) == 0)
			;
		if (y->stop)
			break;
		y->due = false;
		pthread_mutex_unlock(&y->lock);
		atomic_store(&y->blocks, 0);
		uint64_t written = atomic_load(&y->written);
		int err = 0;
		if (written != y->synced) {
			err = fdatasync(w->fd) == 0 ? 0 : errno;
			if (!err && !folder_synced) {
				err = fsync_folder(y->folder);
				folder_synced = err == 0;
			}
			if (!err)
				y->synced = written;
		}
		if (err)
			atomic_store(&y->failed, err);
		pthread_mutex_lock(&y->lock);
	}
	pthread_mutex_unlock(&y->lock);
	return NULL;
}

int rec_writer_sync_every(struct rec_writer *w, double period_s)
{
	struct syncer *y = &w->sync;
	if (y->running || !(period_s > 0))
		return st_fail(ST_ERR_ARG, "%s: sync period %g s: a positive period, set once", w->path, period_s);
	char *copy = strdup(w->path);
	y->folder = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	if (!y->folder)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", w->path);
	y->period_s = period_s;
	/* a block reaches the file once it ends: end one every half period of frames */
	uint32_t frames = (uint32_t)(w->rate_hz * period_s / 2);
	w->block_frames = frames < 1 ? 1 : frames < REC_BLOCK_FRAMES ? frames : REC_BLOCK_FRAMES;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&y->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&y->lock, NULL);
	int err = pthread_create(&y->thread, NULL, sync_loop, w);
	if (err) {
		pthread_cond_destroy(&y->wake);
		pthread_mutex_destroy(&y->lock);
		free(y->folder);
		y->folder = NULL;
		w->block_frames = REC_BLOCK_FRAMES;
		return st_fail(ST_ERR_IO, "%s: cannot start syncing: %s", w->path, strerror(err));
	}
	y->running = true;
	return ST_OK;
}

static void stop_syncing(struct rec_writer *w)
{
	struct syncer *y = &w->sync;
	if (!y->running)
		return;
	pthread_mutex_lock(&y->lock);
	y->stop = true;
	pthread_cond_signal(&y->wake);
	pthread_mutex_unlock(&y->lock);
	pthread_join(y->thread, NULL);
	pthread_cond_destroy(&y->wake);
	pthread_mutex_destroy(&y->lock);
	free(y->folder);
	y->running = false;
}

int rec_writer_close(struct rec_writer *w)
{
	if (!w)
		return ST_OK;
	stop_syncing(w);
	int rc = rec_writer_flush(w, true);
	int sync_err = atomic_load(&w->sync.failed);
	if (sync_err && rc == ST_OK)
		rc = writer_failed(w, "fdatasync", sync_err);
	if (close(w->fd) != 0 && rc == ST_OK)
		rc = writer_failed(w, "close", errno);
	free(w->path);
	free(w);
	return rc;
}

static bool string_fits(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

/* Refuses a header the reader would refuse, before anything is created. */
static int check_header(const char *path, const struct rec_header *h)
{
	const struct plate_info *info = &h->info;
	if (h->rate_hz < REC_RATE_MIN || h->rate_hz > REC_RATE_MAX)
		return st_fail(ST_ERR_ARG, "%s: rate %u Hz outside %d..%d Hz", path, h->rate_hz, REC_RATE_MIN,
			       REC_RATE_MAX);
	if (info->channel_count != PLATE_CHANNELS)
		return st_fail(ST_ERR_ARG, "%s: plate has %u channels, recordings hold %d", path,
			       (unsigned)info->channel_count, PLATE_CHANNELS);
	if (info->adc_bits < 1 || info->adc_bits > REC_ADC_BITS_MAX)
		return st_fail(ST_ERR_ARG, "%s: plate ADC of %u bits outside 1..%d", path, (unsigned)info->adc_bits,
			       REC_ADC_BITS_MAX);
	if (!string_fits(h->start_utc, sizeof h->start_utc) || !string_fits(info->driver, sizeof info->driver) ||
	    !string_fits(info->name, sizeof info->name) || !string_fits(info->serial, sizeof info->serial))
		return st_fail(ST_ERR_ARG, "%s: header string not terminated within its buffer", path);
	return ST_OK;
}

static void add_number(cJSON *obj, const char *key, double v, bool *ok)
{
	if (!cJSON_AddNumberToObject(obj, key, v))
		*ok = false;
}

static void add_string(cJSON *obj, const char *key, const char *s, bool *ok)
{
	if (!cJSON_AddStringToObject(obj, key, s))
		*ok = false;
}

static void add_cells(cJSON *obj, const char *key, const int16_t mm[PLATE_CHANNELS], bool *ok)
{
	int v[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++)
		v[c] = mm[c];
	cJSON *arr = cJSON_CreateIntArray(v, PLATE_CHANNELS);
	if (!arr || !cJSON_AddItemToObject(obj, key, arr)) {
		cJSON_Delete(arr);
		*ok = false;
	}
}

static cJSON *plate_to_json(const struct plate_info *info)
{
	cJSON *p = cJSON_CreateObject();
	bool ok = p != NULL;
	if (!ok)
		return NULL;
	add_string(p, "driver", info->driver, &ok);
	add_string(p, "name", info->name, &ok);
	add_string(p, "serial", info->serial, &ok);
	add_number(p, "protocol_version", info->protocol_version, &ok);
	add_number(p, "channel_count", info->channel_count, &ok);
	add_number(p, "adc_bits", info->adc_bits, &ok);
	add_number(p, "default_rate_hz", info->default_rate_hz, &ok);
	add_number(p, "min_rate_hz", info->min_rate_hz, &ok);
	add_number(p, "max_rate_hz", info->max_rate_hz, &ok);
	add_cells(p, "cell_x_mm", info->cell_x_mm, &ok);
	add_cells(p, "cell_y_mm", info->cell_y_mm, &ok);
	add_number(p, "plate_width_mm", info->plate_width_mm, &ok);
	add_number(p, "plate_length_mm", info->plate_length_mm, &ok);
	add_number(p, "counts_per_newton_x1000", info->counts_per_newton_x1000, &ok);
	if (!ok) {
		cJSON_Delete(p);
		return NULL;
	}
	return p;
}

/* Adds "calibration": the parsed calibration_json, or null. */
static int add_calibration(const char *path, cJSON *root, const char *calibration_json, bool *ok)
{
	if (!calibration_json) {
		if (!cJSON_AddNullToObject(root, "calibration"))
			*ok = false;
		return ST_OK;
	}
	cJSON *cal = cJSON_Parse(calibration_json);
	if (!cJSON_IsObject(cal)) {
		cJSON_Delete(cal);
		return st_fail(ST_ERR_ARG, "%s: calibration is not a JSON object", path);
	}
	if (!cJSON_AddItemToObject(root, "calibration", cal)) {
		cJSON_Delete(cal);
		*ok = false;
	}
	return ST_OK;
}

/* The header as JSON text, in *out (caller frees). */
static int header_text(const char *path, const struct rec_header *h, char **out)
{
	*out = NULL;
	cJSON *root = cJSON_CreateObject();
	bool ok = root != NULL;
	int rc = ST_OK;
	if (ok) {
		add_string(root, "format", "station-recording", &ok);
		add_number(root, "version", REC_VERSION, &ok);
		add_number(root, "rate_hz", h->rate_hz, &ok);
		add_string(root, "start_utc", h->start_utc, &ok);
		cJSON *plate = plate_to_json(&h->info);
		if (!plate || !cJSON_AddItemToObject(root, "plate", plate)) {
			cJSON_Delete(plate);
			ok = false;
		}
		rc = add_calibration(path, root, h->calibration_json, &ok);
	}
	if (rc == ST_OK && ok)
		*out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (rc != ST_OK)
		return rc;
	if (!*out)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory writing the header", path);
	if (strlen(*out) > REC_HEADER_MAX) {
		free(*out);
		*out = NULL;
		return st_fail(ST_ERR_ARG, "%s: header over %u bytes (calibration too large)", path, REC_HEADER_MAX);
	}
	return ST_OK;
}

/* Version 2's checksum: CRC-32 of the version, header_len and header text, so no
 * damaged byte of the header is read as a different rate, plate or calibration. */
static uint32_t header_crc(const uint8_t version_and_len[8], const char *text, size_t len)
{
	uLong crc = crc32(0L, version_and_len, 8);
	return (uint32_t)crc32(crc, (const Bytef *)text, (uInt)len);
}

static int write_file_header(struct rec_writer *w, const char *text)
{
	uint8_t head[REC_FILE_HEAD_LEN + REC_HEADER_CRC_LEN];
	size_t len = strlen(text);
	memcpy(head, REC_MAGIC, REC_MAGIC_LEN);
	put_u32le(head + 8, REC_VERSION);
	put_u32le(head + 12, (uint32_t)len);
	put_u32le(head + 16, header_crc(head + 8, text, len));
	int rc = write_all(w, head, sizeof head);
	if (rc != ST_OK)
		return rc;
	return write_all(w, (const uint8_t *)text, len);
}

int rec_writer_open_fd(int fd, const char *path, const struct rec_header *h, struct rec_writer **out)
{
	*out = NULL;
	int rc = check_header(path, h);
	char *text = NULL;
	if (rc == ST_OK)
		rc = header_text(path, h, &text);
	struct rec_writer *w = rc == ST_OK ? calloc(1, sizeof *w) : NULL;
	char *path_copy = rc == ST_OK ? strdup(path) : NULL;
	if (rc == ST_OK && (!w || !path_copy))
		rc = st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	if (rc == ST_OK) {
		w->fd = fd;
		w->path = path_copy;
		w->rate_hz = h->rate_hz;
		w->block_frames = REC_BLOCK_FRAMES;
		w->enc.payload = w->block + REC_BLOCK_HEAD_LEN;
		rc = write_file_header(w, text);
	}
	free(text);
	if (rc != ST_OK) {
		close(fd);
		free(path_copy);
		free(w);
		return rc;
	}
	*out = w;
	return ST_OK;
}

/* open_flags: O_TRUNC replaces a file, O_EXCL never does. */
static int writer_open(const char *path, const struct rec_header *h, int open_flags, struct rec_writer **out)
{
	*out = NULL;
	int rc = check_header(path, h); /* refused before anything is created */
	if (rc != ST_OK)
		return rc;
	int fd = open(path, O_CREAT | open_flags | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0) {
		int err = errno;
		return st_fail(errno_status(err), "%s: %s", path, strerror(err));
	}
	return rec_writer_open_fd(fd, path, h, out);
}

int rec_writer_open(const char *path, const struct rec_header *h, struct rec_writer **out)
{
	return writer_open(path, h, O_TRUNC, out);
}

int rec_writer_create(const char *path, const struct rec_header *h, struct rec_writer **out)
{
	return writer_open(path, h, O_EXCL | O_NOFOLLOW, out);
}

/* ---- reader ---- */

struct rec_reader {
	char *name;
	FILE *file;                 /* NULL when reading from memory */
	const uint8_t *mem;
	size_t mem_len;
	uint64_t pos;               /* offset of the next byte to read */
	struct rec_header header;
	uint32_t version;           /* of the file: 1 or 2 */
	size_t text_at;             /* offset of the header text, for messages */
	uint64_t frames_done;       /* frames of the blocks decoded so far */
	bool have_seq;              /* a frame was decoded: last_seq is its seq */
	uint16_t last_seq;
	bool at_end;
	bool cut_short;             /* the error is a last block cut short (a power cut mid-write) */
	int error;                  /* sticky: after a bad block the rest is not trusted */
	char error_msg[MESSAGE_MAX];
	size_t block_n, block_pos;  /* decoded frames of the current block, and the next to hand out */
	struct plate_frame block[REC_BLOCK_FRAMES];
	uint8_t payload[BLOCK_PAYLOAD_MAX];
};

/* Fails with ST_ERR_DATA and "NAME: byte OFFSET: problem". */
static int data_error(const struct rec_reader *r, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int data_error(const struct rec_reader *r, uint64_t offset, const char *fmt, ...)
{
	char problem[MESSAGE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	return st_fail(ST_ERR_DATA, "%s: byte %llu: %s", r->name, (unsigned long long)offset, problem);
}

/* Reads up to n bytes; *got < n only at the end of the data. */
static int source_read(struct rec_reader *r, void *buf, size_t n, size_t *got)
{
	if (r->file) {
		*got = fread(buf, 1, n, r->file);
		if (*got < n && ferror(r->file))
			return st_fail(ST_ERR_IO, "%s: %s", r->name, strerror(errno));
	} else {
		size_t left = r->mem_len - (size_t)r->pos;
		*got = n < left ? n : left;
		if (*got)
			memcpy(buf, r->mem + r->pos, *got);
	}
	r->pos += *got;
	return ST_OK;
}

/* Reads the header fields. The first problem is kept in rc and makes the later reads
 * no-ops, so the field list reads straight through. */
struct header_parse {
	struct rec_reader *r;
	int rc;
};

/* Names the field as "plate.serial" (obj->string is the key obj sits under). */
static void field_error(struct header_parse *hp, const cJSON *obj, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void field_error(struct header_parse *hp, const cJSON *obj, const char *key, const char *fmt, ...)
{
	char problem[256];
	va_list ap;
	if (hp->rc != ST_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	hp->rc = data_error(hp->r, hp->r->text_at, "header field '%s%s%s': %s", obj->string ? obj->string : "",
			    obj->string ? "." : "", key, problem);
}

static const cJSON *take_member(struct header_parse *hp, const cJSON *obj, const char *key)
{
	if (hp->rc != ST_OK)
		return NULL;
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!item)
		field_error(hp, obj, key, "missing");
	return item;
}

static long long check_int(struct header_parse *hp, const cJSON *obj, const char *key, const cJSON *item,
			   long long min, long long max)
{
	if (!cJSON_IsNumber(item)) {
		field_error(hp, obj, key, "not a number");
		return min;
	}
	double d = item->valuedouble;
	if (!(d >= (double)min && d <= (double)max) || d != (double)(long long)d) {
		if (min == max)
			field_error(hp, obj, key, "%.15g, expected %lld", d, min);
		else
			field_error(hp, obj, key, "%.15g is not a whole number in %lld..%lld", d, min, max);
		return min;
	}
	return (long long)d;
}

static long long take_int(struct header_parse *hp, const cJSON *obj, const char *key, long long min, long long max)
{
	const cJSON *item = take_member(hp, obj, key);
	return item ? check_int(hp, obj, key, item, min, max) : min;
}

static void take_string(struct header_parse *hp, const cJSON *obj, const char *key, char *dst, size_t cap)
{
	const cJSON *item = take_member(hp, obj, key);
	if (!item)
		return;
	if (!cJSON_IsString(item)) {
		field_error(hp, obj, key, "not a string");
		return;
	}
	size_t len = strlen(item->valuestring);
	if (len >= cap) {
		field_error(hp, obj, key, "%zu bytes long, at most %zu fit", len, cap - 1);
		return;
	}
	memcpy(dst, item->valuestring, len + 1);
}

static void take_cells(struct header_parse *hp, const cJSON *obj, const char *key, int16_t mm[PLATE_CHANNELS])
{
	const cJSON *arr = take_member(hp, obj, key);
	if (!arr)
		return;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != PLATE_CHANNELS) {
		field_error(hp, obj, key, "not an array of %d numbers", PLATE_CHANNELS);
		return;
	}
	int c = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, arr) {
		char name[64];
		snprintf(name, sizeof name, "%s[%d]", key, c);
		mm[c++] = (int16_t)check_int(hp, obj, name, item, INT16_MIN, INT16_MAX);
	}
}

static const cJSON *take_object(struct header_parse *hp, const cJSON *obj, const char *key)
{
	const cJSON *item = take_member(hp, obj, key);
	if (item && !cJSON_IsObject(item)) {
		field_error(hp, obj, key, "not an object");
		return NULL;
	}
	return item;
}

static void take_plate(struct header_parse *hp, const cJSON *plate, struct plate_info *info)
{
	take_string(hp, plate, "driver", info->driver, sizeof info->driver);
	take_string(hp, plate, "name", info->name, sizeof info->name);
	take_string(hp, plate, "serial", info->serial, sizeof info->serial);
	info->protocol_version = (uint16_t)take_int(hp, plate, "protocol_version", 0, UINT16_MAX);
	info->channel_count = (uint8_t)take_int(hp, plate, "channel_count", PLATE_CHANNELS, PLATE_CHANNELS);
	info->adc_bits = (uint8_t)take_int(hp, plate, "adc_bits", 1, REC_ADC_BITS_MAX);
	info->default_rate_hz = (uint16_t)take_int(hp, plate, "default_rate_hz", 0, UINT16_MAX);
	info->min_rate_hz = (uint16_t)take_int(hp, plate, "min_rate_hz", 0, UINT16_MAX);
	info->max_rate_hz = (uint16_t)take_int(hp, plate, "max_rate_hz", 0, UINT16_MAX);
	take_cells(hp, plate, "cell_x_mm", info->cell_x_mm);
	take_cells(hp, plate, "cell_y_mm", info->cell_y_mm);
	info->plate_width_mm = (uint16_t)take_int(hp, plate, "plate_width_mm", 0, UINT16_MAX);
	info->plate_length_mm = (uint16_t)take_int(hp, plate, "plate_length_mm", 0, UINT16_MAX);
	info->counts_per_newton_x1000 = (int32_t)take_int(hp, plate, "counts_per_newton_x1000", INT32_MIN, INT32_MAX);
}

static void take_calibration(struct header_parse *hp, const cJSON *root, char **out)
{
	const cJSON *cal = take_member(hp, root, "calibration");
	if (!cal || cJSON_IsNull(cal))
		return;
	if (!cJSON_IsObject(cal)) {
		field_error(hp, root, "calibration", "neither an object nor null");
		return;
	}
	*out = cJSON_PrintUnformatted(cal);
	if (!*out)
		hp->rc = st_fail(ST_ERR_NOMEM, "%s: out of memory reading the calibration", hp->r->name);
}

static int header_from_json(struct rec_reader *r, const cJSON *root)
{
	struct header_parse hp = { .r = r, .rc = ST_OK };
	struct rec_header *h = &r->header;
	if (!cJSON_IsObject(root))
		return data_error(r, r->text_at, "header is not a JSON object");
	const cJSON *format = take_member(&hp, root, "format");
	if (format && (!cJSON_IsString(format) || strcmp(format->valuestring, "station-recording") != 0))
		field_error(&hp, root, "format", "not \"station-recording\"");
	take_int(&hp, root, "version", r->version, r->version);
	h->rate_hz = (unsigned)take_int(&hp, root, "rate_hz", REC_RATE_MIN, REC_RATE_MAX);
	take_string(&hp, root, "start_utc", h->start_utc, sizeof h->start_utc);
	const cJSON *plate = take_object(&hp, root, "plate");
	take_plate(&hp, plate, &h->info);
	take_calibration(&hp, root, &h->calibration_json);
	return hp.rc;
}

static int parse_header_text(struct rec_reader *r, const char *text, size_t len)
{
	size_t text_len = strlen(text);
	if (text_len < len)
		return data_error(r, r->text_at + text_len, "NUL byte inside the header");
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithOpts(text, &end, true);
	if (!root) {
		size_t at = end ? (size_t)(end - text) : 0;
		return data_error(r, r->text_at + at, "header is not valid JSON");
	}
	int rc = header_from_json(r, root);
	cJSON_Delete(root);
	return rc;
}

static int read_header(struct rec_reader *r)
{
	uint8_t head[REC_FILE_HEAD_LEN + REC_HEADER_CRC_LEN];
	size_t got;
	int rc = source_read(r, head, REC_FILE_HEAD_LEN, &got);
	if (rc != ST_OK)
		return rc;
	if (memcmp(head, REC_MAGIC, got < REC_MAGIC_LEN ? got : REC_MAGIC_LEN) != 0)
		return data_error(r, 0, "not a station recording (bad magic)");
	if (got < REC_FILE_HEAD_LEN)
		return data_error(r, got, "recording cut short inside the file header");
	uint32_t version = get_u32le(head + 8);
	if (version != REC_VERSION && version != REC_VERSION_NO_CRC)
		return data_error(r, 8, "recording version %u, this program reads versions %d and %d", version,
				  REC_VERSION_NO_CRC, REC_VERSION);
	r->version = version;
	uint32_t len = get_u32le(head + 12);
	if (len > REC_HEADER_MAX)
		return data_error(r, 12, "header length %u over the %u-byte limit", len, REC_HEADER_MAX);
	r->text_at = REC_FILE_HEAD_LEN;
	if (version == REC_VERSION) {
		rc = source_read(r, head + REC_FILE_HEAD_LEN, REC_HEADER_CRC_LEN, &got);
		if (rc == ST_OK && got < REC_HEADER_CRC_LEN)
			rc = data_error(r, REC_FILE_HEAD_LEN + got, "recording cut short inside the file header");
		if (rc != ST_OK)
			return rc;
		r->text_at += REC_HEADER_CRC_LEN;
	}
	char *text = malloc((size_t)len + 1);
	if (!text)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory reading the header", r->name);
	rc = source_read(r, text, len, &got);
	if (rc == ST_OK && got < len)
		rc = data_error(r, r->text_at + got, "recording cut short inside the header");
	if (rc == ST_OK && version == REC_VERSION && header_crc(head + 8, text, len) != get_u32le(head + 16))
		rc = data_error(r, REC_FILE_HEAD_LEN, "header checksum mismatch: the header (rate, plate, calibration) "
						      "is damaged");
	if (rc == ST_OK) {
		text[len] = '\0';
		rc = parse_header_text(r, text, len);
	}
	free(text);
	return rc;
}

/* Decodes one block's payload against the frame before, starting over in each block. */
struct block_decoder {
	const struct rec_reader *r;
	const uint8_t *start, *p, *end;
	uint64_t offset;        /* file offset of start */
	uint32_t frame;         /* index in the block of the frame being decoded */
	int32_t prev_step;
};

static int decode_error(const struct block_decoder *d, const uint8_t *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int decode_error(const struct block_decoder *d, const uint8_t *at, const char *fmt, ...)
{
	char problem[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	return data_error(d->r, d->offset + (uint64_t)(at - d->start), "frame %u of the block: %s", d->frame,
			  problem);
}

static int take_byte(struct block_decoder *d, uint8_t *out)
{
	if (d->p == d->end)
		return decode_error(d, d->p, "payload ends inside the frame");
	*out = *d->p++;
	return ST_OK;
}

/* LEB128, at most 64 bits, shortest form only (so every value has one encoding). Kept
 * out of line: its error paths would make every short varint pay for their registers. */
__attribute__((noinline)) static int take_varint_fully(struct block_decoder *d, const char *field, uint64_t max,
						       uint64_t *out)
{
	const uint8_t *at = d->p;
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		uint8_t b = 0;
		int rc = take_byte(d, &b);
		if (rc != ST_OK)
			return rc;
		if (shift == 63 && b > 1)
			return decode_error(d, at, "%s: varint overflow", field);
		v |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			if (b == 0 && shift > 0)
				return decode_error(d, at, "%s: varint not in its shortest form", field);
			break;
		}
	}
	if (v > max)
		return decode_error(d, at, "%s %llu out of range (at most %llu)", field, (unsigned long long)v,
				    (unsigned long long)max);
	*out = v;
	return ST_OK;
}

/* Most values are a change of a few counts: one or two bytes, taken here without checking
 * the end byte by byte (a second byte of 0 is no shortest form: take_varint_fully refuses
 * it, and says why a value is out of range). */
static inline int take_varint(struct block_decoder *d, const char *field, uint64_t max, uint64_t *out)
{
	const uint8_t *at = d->p;
	if (d->end - at >= 2) {
		size_t len = !(at[0] & 0x80) ? 1 : at[1] && !(at[1] & 0x80) ? 2 : 0;
		uint64_t v = len == 1 ? at[0] : (uint64_t)(at[0] & 0x7F) | (uint64_t)at[1] << 7;
		if (len && v <= max) {
			d->p += len;
			*out = v;
			return ST_OK;
		}
	}
	return take_varint_fully(d, field, max, out);
}

static int take_zigzag(struct block_decoder *d, const char *field, int64_t *out)
{
	uint64_t z;
	int rc = take_varint(d, field, UINT64_MAX, &z);
	if (rc == ST_OK)
		*out = zigzag_decode(z);
	return rc;
}

static int take_seq_info(struct block_decoder *d, struct plate_frame *f)
{
	uint64_t lost, seq;
	int rc = take_varint(d, "lost_before", UINT32_MAX, &lost);
	if (rc == ST_OK)
		rc = take_varint(d, "seq", UINT16_MAX, &seq);
	if (rc == ST_OK) {
		f->lost_before = (uint32_t)lost;
		f->seq = (uint16_t)seq;
	}
	return rc;
}

static int take_device_us(struct block_decoder *d, struct plate_frame *f, const struct plate_frame *prev)
{
	if (!prev) {
		uint64_t us;
		int rc = take_varint(d, "device_us", UINT32_MAX, &us);
		f->device_us = (uint32_t)us;
		d->prev_step = 0;
		return rc;
	}
	const uint8_t *at = d->p;
	int64_t change;
	int rc = take_zigzag(d, "device_us", &change);
	if (rc != ST_OK)
		return rc;
	if (change < (int64_t)INT32_MIN - d->prev_step || change > (int64_t)INT32_MAX - d->prev_step)
		return decode_error(d, at, "device_us step outside 32 bits");
	int32_t step = (int32_t)(d->prev_step + change);
	f->device_us = prev->device_us + (uint32_t)step;
	d->prev_step = step;
	return ST_OK;
}

static int take_counts(struct block_decoder *d, struct plate_frame *f, const struct plate_frame *prev)
{
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		const uint8_t *at = d->p;
		int64_t v;
		int rc = take_zigzag(d, "count", &v);
		if (rc != ST_OK)
			return rc;
		int64_t base = prev ? prev->counts[c] : 0;
		if (v < PLATE_ADC_MIN - base || v > PLATE_ADC_MAX - base)
			return decode_error(d, at, "channel %d count outside the 24-bit range", c);
		f->counts[c] = (int32_t)(base + v);
	}
	return ST_OK;
}

/* prev is the block's previous frame, NULL for its first. */
static int decode_frame(struct block_decoder *d, struct plate_frame *f, const struct plate_frame *prev)
{
	const uint8_t *at = d->p;
	uint8_t stored = 0;
	int rc = take_byte(d, &stored);
	if (rc != ST_OK)
		return rc;
	if (stored & ~(FLAGS_KNOWN | FLAG_SEQ_INFO))
		return decode_error(d, at, "unknown flag bits 0x%02x",
				    (unsigned)(stored & ~(FLAGS_KNOWN | FLAG_SEQ_INFO)));
	*f = (struct plate_frame){ .flags = stored & FLAGS_KNOWN };
	if (stored & FLAG_SEQ_INFO)
		rc = take_seq_info(d, f);
	else if (!prev)
		return decode_error(d, at, "the block's first frame lacks its seq");
	else
		f->seq = (uint16_t)(prev->seq + 1);
	if (rc == ST_OK)
		rc = take_device_us(d, f, prev);
	if (rc == ST_OK)
		rc = take_counts(d, f, prev);
	return rc;
}

/* A frame's seq follows the one before it, and the instants lost between them, as the
 * writer was given them (plate.h); only a gap the frame is flagged with (the plate
 * unplugged, its count started again) may break that. Else a block is missing, repeated
 * or out of order, each with a good CRC of its own: read on, its samples would be put
 * at the wrong times without a word. */
static int check_seq(struct rec_reader *r, const struct block_decoder *d, const uint8_t *at,
		     const struct plate_frame *f)
{
	uint16_t expected = (uint16_t)(r->last_seq + 1 + f->lost_before);
	bool follows = !r->have_seq || (f->flags & PLATE_FRAME_GAP_BEFORE) || f->seq == expected;
	uint16_t last = r->last_seq;
	r->have_seq = true;
	r->last_seq = f->seq;
	if (follows)
		return ST_OK;
	return decode_error(d, at, "seq %u after seq %u with %u instants lost, %u expected: a block is missing, "
			    "repeated or out of order", (unsigned)f->seq, (unsigned)last, (unsigned)f->lost_before,
			    (unsigned)expected);
}

static int decode_block(struct rec_reader *r, uint64_t offset, uint32_t frame_count, uint32_t payload_len)
{
	struct block_decoder d = {
		.r = r,
		.start = r->payload,
		.p = r->payload,
		.end = r->payload + payload_len,
		.offset = offset,
	};
	for (d.frame = 0; d.frame < frame_count; d.frame++) {
		const struct plate_frame *prev = d.frame ? &r->block[d.frame - 1] : NULL;
		const uint8_t *at = d.p;
		int rc = decode_frame(&d, &r->block[d.frame], prev);
		if (rc == ST_OK)
			rc = check_seq(r, &d, at, &r->block[d.frame]);
		if (rc != ST_OK)
			return rc;
	}
	if (d.p != d.end)
		return data_error(r, offset + (uint64_t)(d.p - d.start),
				  "payload_len %u, but the frames end after %zu bytes", payload_len,
				  (size_t)(d.p - d.start));
	r->block_n = frame_count;
	r->block_pos = 0;
	r->frames_done += frame_count;
	return ST_OK;
}

static int cut_short(struct rec_reader *r, uint64_t block_at)
{
	r->cut_short = true;
	return data_error(r, block_at, "recording cut short inside a block (%llu complete frames before it)",
			  (unsigned long long)r->frames_done);
}

/* Reads and decodes the next block: 1 when it holds frames, 0 at the clean end. */
static int next_block(struct rec_reader *r)
{
	uint64_t at = r->pos;
	uint8_t head[REC_BLOCK_HEAD_LEN];
	size_t got;
	int rc = source_read(r, head, sizeof head, &got);
	if (rc != ST_OK)
		return rc;
	if (got == 0)
		return 0;
	if (got < sizeof head)
		return cut_short(r, at);
	if (memcmp(head, block_magic, sizeof block_magic) != 0)
		return data_error(r, at, "bad block magic (expected \"BLK1\")");
	uint32_t frame_count = get_u32le(head + 4);
	if (frame_count == 0 || frame_count > REC_BLOCK_FRAMES)
		return data_error(r, at + 4, "block of %u frames, expected 1..%d", frame_count, REC_BLOCK_FRAMES);
	uint32_t payload_len = get_u32le(head + 8);
	if (payload_len > frame_count * FRAME_MAX_BYTES)
		return data_error(r, at + 8, "block payload of %u bytes, at most %u for %u frames", payload_len,
				  frame_count * FRAME_MAX_BYTES, frame_count);
	rc = source_read(r, r->payload, payload_len, &got);
	if (rc != ST_OK)
		return rc;
	if (got < payload_len)
		return cut_short(r, at);
	if (crc32(0L, r->payload, payload_len) != get_u32le(head + 12))
		return data_error(r, at, "block CRC mismatch");
	rc = decode_block(r, at + REC_BLOCK_HEAD_LEN, frame_count, payload_len);
	return rc == ST_OK ? 1 : rc;
}

static int reader_error(const struct rec_reader *r)
{
	return st_fail(r->error, "%s", r->error_msg);
}

int rec_reader_read(struct rec_reader *r, struct plate_frame *frames, size_t max)
{
	if (max == 0)
		return st_fail(ST_ERR_ARG, "%s: read of 0 frames", r->name);
	if (max > INT_MAX)
		max = INT_MAX;
	size_t n = 0;
	while (n < max) {
		if (r->block_pos == r->block_n) {
			if (r->error || r->at_end)
				break;
			int rc = next_block(r);
			if (rc < 0) {
				r->error = rc;
				snprintf(r->error_msg, sizeof r->error_msg, "%s", st_errmsg());
				break;
			}
			if (rc == 0) {
				r->at_end = true;
				break;
			}
		}
		size_t take = r->block_n - r->block_pos;
		if (take > max - n)
			take = max - n;
		memcpy(frames + n, r->block + r->block_pos, take * sizeof *frames);
		r->block_pos += take;
		n += take;
	}
	/* Frames already decoded go out first; the error comes on the next call. */
	if (n == 0 && r->error)
		return reader_error(r);
	return (int)n;
}

static int reader_new(const char *name, struct rec_reader **out)
{
	*out = NULL;
	struct rec_reader *r = calloc(1, sizeof *r);
	char *name_copy = strdup(name);
	if (!r || !name_copy) {
		free(r);
		free(name_copy);
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", name);
	}
	r->name = name_copy;
	*out = r;
	return ST_OK;
}

static int reader_start(struct rec_reader *r, struct rec_reader **out)
{
	int rc = read_header(r);
	if (rc != ST_OK) {
		rec_reader_close(r);
		return rc;
	}
	*out = r;
	return ST_OK;
}

int rec_reader_open(const char *path, struct rec_reader **out)
{
	*out = NULL;
	struct rec_reader *r;
	int rc = reader_new(path, &r);
	if (rc != ST_OK)
		return rc;
	r->file = fopen(path, "rbe");
	if (!r->file) {
		int err = errno;
		rec_reader_close(r);
		return st_fail(errno_status(err), "%s: %s", path, strerror(err));
	}
	return reader_start(r, out);
}

int rec_reader_open_memory(const void *data, size_t len, const char *name, struct rec_reader **out)
{
	*out = NULL;
	if (!name)
		name = "memory";
	if (!data && len > 0)
		return st_fail(ST_ERR_ARG, "%s: no data", name);
	struct rec_reader *r;
	int rc = reader_new(name, &r);
	if (rc != ST_OK)
		return rc;
	r->mem = data;
	r->mem_len = len;
	return reader_start(r, out);
}

const struct rec_header *rec_reader_header(const struct rec_reader *r)
{
	return &r->header;
}

bool rec_reader_cut_short(const struct rec_reader *r)
{
	return r->cut_short;
}

void rec_reader_close(struct rec_reader *r)
{
	if (!r)
		return;
	if (r->file)
		fclose(r->file);
	free(r->header.calibration_json);
	free(r->name);
	free(r);
}

int rec_sniff_file(const char *path, bool *native)
{
	*native = false;
	struct stat st;
	if (stat(path, &st) != 0 || S_ISFIFO(st.st_mode))
		return ST_OK; /* the reader says what is missing; a pipe is read once, as CSV */
	if (!S_ISREG(st.st_mode))
		return st_fail(ST_ERR_ARG, "%s: %s", path,
			       S_ISDIR(st.st_mode) ? "a folder, not a recording" : "not a file or a pipe (a device?): give a recording");
	uint8_t head[REC_MAGIC_LEN];
	FILE *f = fopen(path, "rbe");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	*native = rec_is_native(head, n);
	return ST_OK;
}

bool rec_is_native(const void *head, size_t len)
{
	return len >= REC_MAGIC_LEN && memcmp(head, REC_MAGIC, REC_MAGIC_LEN) == 0;
}

void rec_utc_now(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
