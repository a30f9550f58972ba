/* rec.h: the native recording: a plate's raw stream, compact and crash-tolerant.
 *
 * It keeps what the plate said (raw counts, seq, device time, flags), the plate's
 * identity and geometry, the rate, the start time and the calibration in force, so a
 * session can be replayed and re-analysed later. Layout (little-endian):
 *
 *   "STNREC\r\n"  u32 version (2)  u32 header_len  u32 header_crc  header (JSON text, header_len bytes)
 *   blocks: u32 magic "BLK1"  u32 frame_count  u32 payload_len  u32 crc32(payload)  payload
 *
 * header_crc is the CRC-32 (zlib's) of the 8 bytes of version and header_len followed by
 * the header text: a damaged byte anywhere in the header (a rate of 1000 read as 100 Hz)
 * is refused, not analysed wrong. The JSON's "version" equals the file's. Version 1 files
 * (written before 2026-12: no header_crc, the text right after header_len) are still read.
 *
 * Each block decodes on its own (first frame absolute, the rest as deltas), so a file
 * cut short by a power failure loses at most the block being written. The writer ends
 * a block every REC_BLOCK_FRAMES frames (fewer when syncing, rec_writer_sync_every()) and
 * on rec_writer_flush().
 */
#ifndef STATION_REC_H
#define STATION_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "plate.h"

#define REC_BLOCK_FRAMES 1024
/* The fewest bytes a stored frame takes: its flags, a device-time step and each channel's
 * count step, a byte each at the least; a file holds at most its size / this frames. */
#define REC_FRAME_MIN_BYTES (2 + PLATE_CHANNELS)

struct rec_header {
	struct plate_info info;   /* driver, name, serial, geometry of the recorded plate */
	unsigned rate_hz;
	char start_utc[32];       /* ISO 8601, e.g. "2026-11-24T16:01:50Z" */
	char *calibration_json;   /* calibration in force as JSON text, or NULL; see ownership below */
};

/* The time now as a header's start_utc wants it. */
void rec_utc_now(char *buf, size_t len);

struct rec_writer;
/* Creates path (mode 0600) and writes the header; h is copied. */
int rec_writer_open(const char *path, const struct rec_header *h, struct rec_writer **out);
/* The same, but never replaces anything: a path that exists (even a dangling symlink)
 * is refused (O_EXCL), so a recording once written is never overwritten. */
int rec_writer_create(const char *path, const struct rec_header *h, struct rec_writer **out);
/* The same into fd, open for writing (path names it in messages); the writer owns fd from
 * here on, failure included: rec_writer_close() syncs and closes it. */
int rec_writer_open_fd(int fd, const char *path, const struct rec_header *h, struct rec_writer **out);
/* A frame flagged PLATE_FRAME_GONE holds no sample and is not stored: the next frame
 * stored is flagged PLATE_FRAME_GAP_BEFORE instead (the plate went away between them). */
int rec_writer_write(struct rec_writer *w, const struct plate_frame *frames, size_t n);
/* Keeps the file synced while it is written: a thread of the writer's fdatasync()s what
 * was written every period_s (and the folder, once), and blocks end every period_s / 2 of
 * frames, so a power cut loses at most about period_s of recording plus one sync's time,
 * and the thread that writes never waits on the disk for it. A failed sync is reported
 * by the next rec_writer_write() or rec_writer_close(). */
int rec_writer_sync_every(struct rec_writer *w, double period_s);
/* Ends the current block; with sync, also fsyncs the file (call at set end). */
int rec_writer_flush(struct rec_writer *w, bool sync);
/* Flushes, fsyncs, closes and frees; reports any write error met on the way. */
int rec_writer_close(struct rec_writer *w);

struct rec_reader;
int rec_reader_open(const char *path, struct rec_reader **out);
/* Reads from memory (for fuzzing and tests); data must outlive the reader. */
int rec_reader_open_memory(const void *data, size_t len, const char *name, struct rec_reader **out);
/* Owned by the reader (calibration_json included). */
const struct rec_header *rec_reader_header(const struct rec_reader *r);
/* Fills up to max frames; returns the number read, 0 at the clean end of the file, or
 * ST_ERR_DATA with "NAME: byte OFFSET: problem" (frames of earlier blocks stay valid).
 * host_ns of frames read back is 0. */
int rec_reader_read(struct rec_reader *r, struct plate_frame *frames, size_t max);
/* After rec_reader_read() failed: true when the failure is only the last block cut short
 * (what a power cut mid-write leaves), so every frame before it was read and is sound. */
bool rec_reader_cut_short(const struct rec_reader *r);
void rec_reader_close(struct rec_reader *r);

/* Whether the file at path is a native recording (else CSV) from its first bytes. A pipe is
 * not opened (its bytes would be lost): it is read as CSV. A device or a folder is refused
 * (ST_ERR_ARG); a missing file is left to the reader to report. */
int rec_sniff_file(const char *path, bool *native);

/* True when the first bytes look like a native recording (for format sniffing). */
bool rec_is_native(const void *head, size_t len);

#endif
