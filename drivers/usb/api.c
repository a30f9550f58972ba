/* api.c: USB plates through libusb-1.0 (../shared/plate-protocol.md); the wire format is
 * protocol.c's.
 *
 * A plate is any device with an interface of class 0xFF/0x46/0x50 (whatever its number,
 * vendor or product id); the serial number string names it ("usb:SERIAL").
 *
 * Threads: open, start, stop and the control requests run on the caller's thread while no
 * acquisition thread exists, so libusb events are only ever handled by one thread at a
 * time. Between start and stop the acquisition thread alone runs the libusb event loop:
 * USB_XFERS bulk transfers stay in flight, each completion goes through the record
 * parser into the frame ring (ring.h), and plate_poll() drains the ring on the caller's
 * thread. The acquisition thread never waits for the consumer.
 *
 * Unplugging: a hotplug "left" event (or, where libusb has no hotplug, a presence check
 * every PRESENCE_CHECK_MS) or a transfer ending with NO_DEVICE marks the plate gone. The
 * frames received before stay in the ring and are delivered, then one frame flagged
 * PLATE_FRAME_GONE, then plate_poll() returns ST_ERR_GONE. plate_stop() lets go of the
 * dead device; plate_start() afterwards finds the plate again by serial and resumes.
 */
#include <errno.h>
#include <libusb.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plate_driver.h"
#include "protocol.h"
#include "ring.h"
#include "usb.h"

#define LOG_PREFIX "usb"
#include "log.h"

#define USB_XFERS 8
#define USB_XFER_BYTES 1024      /* a multiple of 64 and 512 byte packets: ~24 records */
#define SCRATCH_FRAMES (USB_XFER_BYTES / USB_RECORD_SIZE + 2)
#define CONTROL_TIMEOUT_MS 1000
#define EVENT_WAIT_US 100000     /* the acquisition loop looks around ten times a second */
#define PRESENCE_CHECK_MS 500
#define MAX_TRANSFER_ERRORS 8    /* consecutive failed transfers that end the stream */
#define UDEV_HINT "install the udev rule: sudo cp assets/99-station-plate.rules /etc/udev/rules.d/ && " \
		  "sudo udevadm control --reload-rules && sudo udevadm trigger, then plug the plate in again"

struct usb_plate {
	struct plate base;
	char want_serial[PLATE_SERIAL_MAX]; /* "" for the first plate found, until one is opened */
	libusb_context *ctx;
	libusb_device *dev;                 /* referenced while attached */
	libusb_device_handle *handle;       /* NULL when not attached (gone and let go) */
	int iface;
	uint8_t ep_in;
	bool claimed;
	char where[64];                     /* "bus 1 port 2.1", for messages */

	/* one stream, from start to stop */
	pthread_t thread;
	bool thread_running;
	atomic_bool quit;
	atomic_bool gone;
	atomic_int stream_error;            /* an st code that ended the stream, or 0 */
	char stream_msg[256];               /* its message, written before stream_error */
	bool unplugged;                     /* acquisition side: the hotplug callback saw it leave */
	bool clear_halt;                    /* acquisition side: the bulk endpoint stalled */
	bool have_hotplug;
	libusb_hotplug_callback_handle hotplug;
	uint64_t next_presence_check_ns;
	int in_flight;
	bool busy[USB_XFERS];
	int failures_in_a_row;
	struct libusb_transfer *xfer[USB_XFERS];
	uint8_t bufs[USB_XFERS][USB_XFER_BYTES];
	struct usb_parser parser;
	struct plate_frame scratch[SCRATCH_FRAMES];
	uint64_t start_ns;
	struct usb_plate_counters counters; /* acquisition side while streaming */
	atomic_bool counters_wanted;        /* plate_log_counters() while streaming: the acquisition thread logs */
	sem_t wake;                         /* posted when frames or news arrive */

	/* consumer side */
	bool gone_delivered;
	uint16_t last_seq;

	struct usb_ring ring;
};

static const struct plate_ops usb_ops;

/* Turns a libusb error into an st code with a plain message: "NAME: WHAT: why". */
static int usb_fail(int lrc, const char *name, const char *what)
{
	switch (lrc) {
	case LIBUSB_ERROR_ACCESS:
		return st_fail(ST_ERR_ACCESS, "%s: %s: permission denied; %s", name, what, UDEV_HINT);
	case LIBUSB_ERROR_NO_DEVICE:
		return st_fail(ST_ERR_GONE, "%s: %s: the plate was unplugged", name, what);
	case LIBUSB_ERROR_NOT_FOUND:
		return st_fail(ST_ERR_NOT_FOUND, "%s: %s: not found", name, what);
	case LIBUSB_ERROR_BUSY:
		return st_fail(ST_ERR_STATE, "%s: %s: the plate is in use by another program", name, what);
	case LIBUSB_ERROR_TIMEOUT:
		return st_fail(ST_ERR_TIMEOUT, "%s: %s: the plate did not answer", name, what);
	case LIBUSB_ERROR_PIPE:
		return st_fail(ST_ERR_PROTOCOL, "%s: %s: the plate refused the request (STALL)", name, what);
	case LIBUSB_ERROR_OVERFLOW:
		return st_fail(ST_ERR_IO, "%s: %s: the plate sent more than was asked for", name, what);
	case LIBUSB_ERROR_NO_MEM:
		return st_fail(ST_ERR_NOMEM, "%s: %s: out of memory", name, what);
	case LIBUSB_ERROR_INVALID_PARAM:
		return st_fail(ST_ERR_ARG, "%s: %s: invalid parameter", name, what);
	case LIBUSB_ERROR_IO:
	case LIBUSB_ERROR_INTERRUPTED:
		return st_fail(ST_ERR_IO, "%s: %s: USB I/O error (%s)", name, what, libusb_error_name(lrc));
	default:
		return st_fail(ST_ERR, "%s: %s: %s", name, what, libusb_strerror(lrc));
	}
}

/* Puts "NAME: " before the message of the failure that just happened. */
static int prefix_failure(int code, const char *name)
{
	char msg[512];
	snprintf(msg, sizeof msg, "%s", st_errmsg());
	return st_fail(code, "%s: %s", name, msg);
}

static void describe_location(libusb_device *dev, char *buf, size_t len)
{
	uint8_t ports[8];
	int n = libusb_get_port_numbers(dev, ports, sizeof ports);
	if (n <= 0) {
		snprintf(buf, len, "bus %u device %u", libusb_get_bus_number(dev), libusb_get_device_address(dev));
		return;
	}
	int at = snprintf(buf, len, "bus %u port %u", libusb_get_bus_number(dev), ports[0]);
	for (int i = 1; i < n && at > 0 && (size_t)at < len; i++)
		at += snprintf(buf + at, len - (size_t)at, ".%u", ports[i]);
}

/* Finds the plate interface in the active configuration (from the descriptors the
 * system already holds: no I/O on the device). *ep_in is 0 when it has no bulk IN. */
static bool find_plate_interface(libusb_device *dev, int *iface, uint8_t *ep_in)
{
	struct libusb_config_descriptor *cfg;
	if (libusb_get_active_config_descriptor(dev, &cfg) != LIBUSB_SUCCESS)
		return false;
	bool found = false;
	for (int i = 0; i < cfg->bNumInterfaces && !found; i++) {
		const struct libusb_interface *it = &cfg->interface[i];
		for (int a = 0; a < it->num_altsetting && !found; a++) {
			const struct libusb_interface_descriptor *alt = &it->altsetting[a];
			if (alt->bInterfaceClass != USB_PLATE_CLASS || alt->bInterfaceSubClass != USB_PLATE_SUBCLASS ||
			    alt->bInterfaceProtocol != USB_PLATE_PROTOCOL)
				continue;
			found = true;
			*iface = alt->bInterfaceNumber;
			*ep_in = 0;
			for (int e = 0; e < alt->bNumEndpoints; e++) {
				const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
				if ((ep->bmAttributes & 0x03) == LIBUSB_TRANSFER_TYPE_BULK &&
				    (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN)) {
					*ep_in = ep->bEndpointAddress;
					break;
				}
			}
		}
	}
	libusb_free_config_descriptor(cfg);
	return found;
}

/* Reads the serial number string; "" when the device has none. */
static int read_serial(libusb_device_handle *h, const char *where, char *out, size_t len)
{
	struct libusb_device_descriptor dd;
	out[0] = '\0';
	int rc = libusb_get_device_descriptor(libusb_get_device(h), &dd);
	if (rc != LIBUSB_SUCCESS)
		return usb_fail(rc, where, "reading the device descriptor");
	if (dd.iSerialNumber == 0)
		return ST_OK;
	rc = libusb_get_string_descriptor_ascii(h, dd.iSerialNumber, (unsigned char *)out, (int)len);
	if (rc < 0) {
		out[0] = '\0';
		return usb_fail(rc, where, "reading the serial number");
	}
	out[rc < (int)len ? rc : (int)len - 1] = '\0';
	return ST_OK;
}

static int control_in(libusb_device_handle *h, int iface, uint8_t request, uint8_t *buf, uint16_t len)
{
	return libusb_control_transfer(h, USB_REQTYPE_IN, request, 0, (uint16_t)iface, buf, len, CONTROL_TIMEOUT_MS);
}

static int control_out(libusb_device_handle *h, int iface, uint8_t request, uint16_t value)
{
	return libusb_control_transfer(h, USB_REQTYPE_OUT, request, value, (uint16_t)iface, NULL, 0,
				       CONTROL_TIMEOUT_MS);
}

/* GET_INFO into info's protocol fields. */
static int read_info(libusb_device_handle *h, int iface, const char *name, struct plate_info *info)
{
	uint8_t buf[USB_INFO_SIZE];
	int rc = control_in(h, iface, USB_REQ_GET_INFO, buf, sizeof buf);
	if (rc < 0)
		return usb_fail(rc, name, "GET_INFO");
	rc = usb_info_parse(buf, (size_t)rc, info);
	return rc == ST_OK ? ST_OK : prefix_failure(rc, name);
}

static void detach(struct usb_plate *u)
{
	if (u->claimed)
		libusb_release_interface(u->handle, u->iface);
	u->claimed = false;
	if (u->handle)
		libusb_close(u->handle);
	u->handle = NULL;
	if (u->dev)
		libusb_unref_device(u->dev);
	u->dev = NULL;
}

/* Claims the plate interface of an opened device and reads its info; fills base.info. */
static int take_device(struct usb_plate *u, const char *serial)
{
	char name[PLATE_NAME_MAX];
	snprintf(name, sizeof name, "usb:%s (%s)", serial, u->where);
	if (!*serial)
		return st_fail(ST_ERR_PROTOCOL, "usb: the plate at %s has no serial number, so no calibration can "
				"be bound to it", u->where);
	if (!u->ep_in)
		return st_fail(ST_ERR_PROTOCOL, "%s: the plate interface has no bulk IN endpoint", name);
	int rc = libusb_claim_interface(u->handle, u->iface);
	if (rc != LIBUSB_SUCCESS)
		return usb_fail(rc, name, "claiming the plate interface");
	u->claimed = true;
	struct plate_info *info = &u->base.info;
	rc = read_info(u->handle, u->iface, name, info);
	if (rc != ST_OK)
		return rc;
	snprintf(info->driver, sizeof info->driver, "usb");
	snprintf(info->name, sizeof info->name, "usb:%s", serial);
	snprintf(info->serial, sizeof info->serial, "%s", serial);
	snprintf(u->want_serial, sizeof u->want_serial, "%s", serial);
	return ST_OK;
}

/* Why no plate was taken, once every device was looked at. */
static int none_found(const struct usb_plate *u, int denied, const char *denied_where, const char *seen)
{
	if (denied)
		return st_fail(ST_ERR_ACCESS, "usb: %d plate(s) found (%s) but permission denied; %s", denied,
			       denied_where, UDEV_HINT);
	if (*u->want_serial)
		return st_fail(ST_ERR_NOT_FOUND, "usb:%s: no plate with that serial is plugged in (plates found: %s)",
			       u->want_serial, *seen ? seen : "none");
	return st_fail(ST_ERR_NOT_FOUND, "usb: no USB plate found: is it plugged in? (`station devices` lists "
			"the plates)");
}

/* Finds the plate wanted (by serial, or the first), opens and claims it. */
static int attach(struct usb_plate *u)
{
	libusb_device **devs;
	ssize_t n = libusb_get_device_list(u->ctx, &devs);
	if (n < 0)
		return usb_fail((int)n, "usb", "listing USB devices");
	int rc = ST_ERR_NOT_FOUND, denied = 0;
	char denied_where[64] = "", seen[256] = "";
	for (ssize_t i = 0; i < n && rc == ST_ERR_NOT_FOUND; i++) {
		if (!find_plate_interface(devs[i], &u->iface, &u->ep_in))
			continue;
		describe_location(devs[i], u->where, sizeof u->where);
		int lrc = libusb_open(devs[i], &u->handle);
		if (lrc == LIBUSB_ERROR_ACCESS) {
			if (!denied++)
				snprintf(denied_where, sizeof denied_where, "%s", u->where);
			continue;
		}
		if (lrc != LIBUSB_SUCCESS) {
			rc = usb_fail(lrc, "usb", u->where);
			break;
		}
		u->dev = libusb_ref_device(devs[i]);
		char serial[PLATE_SERIAL_MAX];
		rc = read_serial(u->handle, u->where, serial, sizeof serial);
		if (rc == ST_OK && *u->want_serial && strcmp(serial, u->want_serial) != 0) {
			size_t used = strlen(seen);
			snprintf(seen + used, sizeof seen - used, "%s%s", used ? ", " : "", serial);
			rc = ST_ERR_NOT_FOUND;
		} else if (rc == ST_OK) {
			rc = take_device(u, serial);
			if (rc == ST_OK)
				log_info("usb:%s attached at %s", serial, u->where);
		}
		if (rc != ST_OK)
			detach(u);
	}
	libusb_free_device_list(devs, 1);
	if (rc == ST_ERR_NOT_FOUND && !u->handle)
		return none_found(u, denied, denied_where, seen);
	return rc;
}

static void usb_destroy(struct plate *p)
{
	struct usb_plate *u = (struct usb_plate *)p;
	detach(u);
	for (int i = 0; i < USB_XFERS; i++)
		libusb_free_transfer(u->xfer[i]);
	if (u->ctx)
		libusb_exit(u->ctx);
	sem_destroy(&u->wake);
	free(u);
}

static int usb_open(const char *arg, const struct plate_options *opt, struct plate **out)
{
	(void)opt;
	if (strlen(arg) >= PLATE_SERIAL_MAX)
		return st_fail(ST_ERR_ARG, "usb:%s: serial number too long", arg);
	struct usb_plate *u = calloc(1, sizeof *u);
	if (!u)
		return st_fail(ST_ERR_NOMEM, "usb: out of memory");
	u->base.ops = &usb_ops;
	snprintf(u->want_serial, sizeof u->want_serial, "%s", arg);
	sem_init(&u->wake, 0, 0);
	int rc = libusb_init(&u->ctx);
	if (rc != LIBUSB_SUCCESS) {
		u->ctx = NULL;
		usb_destroy(&u->base);
		return usb_fail(rc, "usb", "starting libusb");
	}
	for (int i = 0; i < USB_XFERS && rc == LIBUSB_SUCCESS; i++) {
		u->xfer[i] = libusb_alloc_transfer(0);
		rc = u->xfer[i] ? LIBUSB_SUCCESS : LIBUSB_ERROR_NO_MEM;
	}
	rc = rc == LIBUSB_SUCCESS ? attach(u) : usb_fail(rc, "usb", "allocating transfers");
	if (rc != ST_OK) {
		usb_destroy(&u->base);
		return rc;
	}
	*out = &u->base;
	return ST_OK;
}

/* --- the acquisition side: runs inside libusb event handling --- */

static void wake_consumer(struct usb_plate *u)
{
	int value;
	if (sem_getvalue(&u->wake, &value) == 0 && value > 0)
		return;
	sem_post(&u->wake);
}

static void cancel_all(struct usb_plate *u)
{
	for (int i = 0; i < USB_XFERS; i++)
		if (u->busy[i])
			libusb_cancel_transfer(u->xfer[i]);
}

/* Ends the stream with an error; the first one wins. */
static void stream_fail(struct usb_plate *u, int code, const char *fmt, const char *detail)
{
	int none = 0;
	if (atomic_load(&u->stream_error) == 0) {
		snprintf(u->stream_msg, sizeof u->stream_msg, fmt, u->base.info.name, detail);
		atomic_compare_exchange_strong(&u->stream_error, &none, code);
	}
	cancel_all(u);
	wake_consumer(u);
}

static void mark_gone(struct usb_plate *u)
{
	if (atomic_load(&u->gone))
		return;
	atomic_store(&u->gone, true);
	cancel_all(u);
	wake_consumer(u);
}

static bool streaming(const struct usb_plate *u)
{
	return !atomic_load(&u->quit) && !atomic_load(&u->gone) && atomic_load(&u->stream_error) == 0;
}

static void take_bytes(struct usb_plate *u, const uint8_t *data, size_t len)
{
	uint64_t now = plate_now_ns();
	size_t pos = 0;
	while (pos < len) {
		size_t used;
		size_t n = usb_parser_feed(&u->parser, data + pos, len - pos, now, u->scratch, SCRATCH_FRAMES, &used);
		usb_ring_push(&u->ring, u->scratch, n);
		pos += used;
	}
	wake_consumer(u);
}

static void submit(struct usb_plate *u, int i);

static int transfer_index(const struct usb_plate *u, const struct libusb_transfer *t)
{
	int i = 0;
	while (i < USB_XFERS - 1 && u->xfer[i] != t)
		i++;
	return i;
}

static void on_transfer(struct libusb_transfer *t)
{
	struct usb_plate *u = t->user_data;
	int i = transfer_index(u, t);
	u->busy[i] = false;
	u->in_flight--;
	switch (t->status) {
	case LIBUSB_TRANSFER_COMPLETED:
		u->failures_in_a_row = 0;
		if (!streaming(u))
			return;
		u->counters.transfers++;
		take_bytes(u, t->buffer, (size_t)t->actual_length);
		break;
	case LIBUSB_TRANSFER_CANCELLED:
		return;
	case LIBUSB_TRANSFER_NO_DEVICE:
		mark_gone(u);
		return;
	case LIBUSB_TRANSFER_STALL:
		/* the loop clears the halt, then resubmits every idle transfer */
		u->counters.transfer_errors++;
		u->clear_halt = true;
		return;
	case LIBUSB_TRANSFER_OVERFLOW:
	case LIBUSB_TRANSFER_ERROR:
	case LIBUSB_TRANSFER_TIMED_OUT:
		/* bytes lost: the parser resynchronises and the seq jump marks the gap */
		u->counters.transfer_errors++;
		if (++u->failures_in_a_row > MAX_TRANSFER_ERRORS) {
			stream_fail(u, ST_ERR_IO, "%s: the sample transfers keep failing (%s)",
				    t->status == LIBUSB_TRANSFER_OVERFLOW ? "overflow" : "transfer error");
			return;
		}
		break;
	}
	if (streaming(u) && !u->clear_halt)
		submit(u, i);
}

static void submit(struct usb_plate *u, int i)
{
	libusb_fill_bulk_transfer(u->xfer[i], u->handle, u->ep_in, u->bufs[i], USB_XFER_BYTES, on_transfer, u, 0);
	int rc = libusb_submit_transfer(u->xfer[i]);
	if (rc == LIBUSB_SUCCESS) {
		u->busy[i] = true;
		u->in_flight++;
	} else if (rc == LIBUSB_ERROR_NO_DEVICE) {
		mark_gone(u);
	} else {
		stream_fail(u, ST_ERR_IO, "%s: cannot queue a sample transfer (%s)", libusb_error_name(rc));
	}
}

static void submit_idle(struct usb_plate *u)
{
	for (int i = 0; i < USB_XFERS && streaming(u); i++)
		if (!u->busy[i])
			submit(u, i);
}

static int on_hotplug(libusb_context *ctx, libusb_device *dev, libusb_hotplug_event event, void *user)
{
	struct usb_plate *u = user;
	(void)ctx;
	if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT && dev == u->dev)
		u->unplugged = true;
	return 0;
}

/* Without hotplug support: is our device still in the system's list? */
static bool device_present(struct usb_plate *u)
{
	libusb_device **devs;
	ssize_t n = libusb_get_device_list(u->ctx, &devs);
	if (n < 0)
		return true;
	bool found = false;
	for (ssize_t i = 0; i < n && !found; i++)
		found = devs[i] == u->dev;
	libusb_free_device_list(devs, 1);
	return found;
}

/* One line with what went wrong on the wire so far: a warning when anything did. */
static void log_counters(const struct usb_plate *u, const struct usb_plate_counters *c, const char *when)
{
	const struct usb_parser_stats *ps = &c->parser;
	bool trouble = ps->bad_crc || ps->bad_sync || ps->gaps || c->ring_overruns || c->transfer_errors ||
		       c->device_dropped;
	st_log(trouble ? ST_LOG_WARNING : ST_LOG_INFO, LOG_PREFIX, __FILE__, __LINE__, __func__,
	       "%s %s: %llu records; %llu CRC errors, %llu bad sync, %llu resyncs (%llu bytes skipped); "
	       "%llu gaps (%llu samples lost, %llu flagged by the plate, %u dropped by it); %llu ring overruns; "
	       "%llu transfers, %llu failed",
	       u->base.info.name, when, (unsigned long long)ps->records, (unsigned long long)ps->bad_crc,
	       (unsigned long long)ps->bad_sync, (unsigned long long)ps->resyncs,
	       (unsigned long long)ps->bytes_skipped, (unsigned long long)ps->gaps, (unsigned long long)ps->lost,
	       (unsigned long long)ps->device_dropped, c->device_dropped, (unsigned long long)c->ring_overruns,
	       (unsigned long long)c->transfers, (unsigned long long)c->transfer_errors);
}

/* Acquisition side: the counters as they stand, which this thread alone writes. */
static void log_counters_now(struct usb_plate *u)
{
	struct usb_plate_counters c = u->counters;
	c.parser = u->parser.stats;
	c.ring_overruns = atomic_load(&u->ring.overruns);
	log_counters(u, &c, "so far");
}

static void look_around(struct usb_plate *u)
{
	if (atomic_exchange(&u->counters_wanted, false))
		log_counters_now(u);
	if (u->unplugged)
		mark_gone(u);
	if (u->clear_halt && streaming(u)) {
		int rc = libusb_clear_halt(u->handle, u->ep_in);
		u->clear_halt = false;
		if (rc == LIBUSB_ERROR_NO_DEVICE)
			mark_gone(u);
		else if (rc != LIBUSB_SUCCESS)
			stream_fail(u, ST_ERR_IO, "%s: the sample endpoint stalled and cannot be cleared (%s)",
				    libusb_error_name(rc));
		else
			submit_idle(u);
	}
	if (!u->have_hotplug && plate_now_ns() >= u->next_presence_check_ns) {
		u->next_presence_check_ns = plate_now_ns() + PRESENCE_CHECK_MS * 1000000ull;
		if (!device_present(u))
			mark_gone(u);
	}
}

static void *acquire(void *arg)
{
	struct usb_plate *u = arg;
	bool cancelled = false;
	while (u->in_flight > 0 || !atomic_load(&u->quit)) {
		if (atomic_load(&u->quit) && !cancelled) {
			cancel_all(u);
			cancelled = true;
		}
		struct timeval tv = { 0, EVENT_WAIT_US };
		int rc = libusb_handle_events_timeout_completed(u->ctx, &tv, NULL);
		if (rc < 0 && rc != LIBUSB_ERROR_INTERRUPTED && streaming(u))
			stream_fail(u, ST_ERR_IO, "%s: USB event handling failed (%s)", libusb_error_name(rc));
		look_around(u);
	}
	struct timespec cpu;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
	u->counters.thread_cpu_s = (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9;
	return NULL;
}

/* Cancels what start() queued and handles events on this thread until it all came back
 * (no acquisition thread exists). */
static void drain_here(struct usb_plate *u)
{
	cancel_all(u);
	while (u->in_flight > 0) {
		struct timeval tv = { 0, EVENT_WAIT_US };
		libusb_handle_events_timeout_completed(u->ctx, &tv, NULL);
	}
}

static void reset_stream(struct usb_plate *u)
{
	usb_parser_init(&u->parser);
	usb_ring_reset(&u->ring);
	memset(&u->counters, 0, sizeof u->counters);
	atomic_store(&u->quit, false);
	atomic_store(&u->gone, false);
	atomic_store(&u->stream_error, 0);
	atomic_store(&u->counters_wanted, false);
	u->unplugged = false;
	u->clear_halt = false;
	u->failures_in_a_row = 0;
	u->gone_delivered = false;
	u->next_presence_check_ns = 0;
	while (sem_trywait(&u->wake) == 0)
		;
}

static int register_hotplug(struct usb_plate *u)
{
	u->have_hotplug = libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG);
	if (!u->have_hotplug)
		return ST_OK;
	int rc = libusb_hotplug_register_callback(u->ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0, LIBUSB_HOTPLUG_MATCH_ANY,
						  LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, u,
						  &u->hotplug);
	if (rc != LIBUSB_SUCCESS) {
		u->have_hotplug = false;
		return usb_fail(rc, u->base.info.name, "registering for unplug events");
	}
	return ST_OK;
}

static void deregister_hotplug(struct usb_plate *u)
{
	if (u->have_hotplug)
		libusb_hotplug_deregister_callback(u->ctx, u->hotplug);
	u->have_hotplug = false;
}

static int set_rate(struct usb_plate *u, unsigned rate_hz)
{
	const struct plate_info *info = &u->base.info;
	int rc = control_out(u->handle, u->iface, USB_REQ_SET_RATE, (uint16_t)rate_hz);
	if (rc == LIBUSB_ERROR_PIPE)
		return st_fail(ST_ERR_ARG, "%s: the plate refused %u Hz (it stalled SET_RATE): the rate is out of "
				"the range it accepts (its info block says %u-%u Hz)", info->name, rate_hz,
			       info->min_rate_hz, info->max_rate_hz);
	return rc < 0 ? usb_fail(rc, info->name, "SET_RATE") : ST_OK;
}

/* START, once the transfers are queued, unless the stream already ended (the plate went
 * away, or a transfer could not be queued). */
static int send_start(struct usb_plate *u)
{
	const char *name = u->base.info.name;
	int error = atomic_load(&u->stream_error);
	if (atomic_load(&u->gone))
		return st_fail(ST_ERR_GONE, "%s: the plate was unplugged", name);
	if (error)
		return st_fail(error, "%s", u->stream_msg);
	int rc = control_out(u->handle, u->iface, USB_REQ_START, 0);
	return rc < 0 ? usb_fail(rc, name, "START") : ST_OK;
}

static int usb_start(struct plate *p, unsigned rate_hz)
{
	struct usb_plate *u = (struct usb_plate *)p;
	int rc = u->handle ? ST_OK : attach(u);
	if (rc == ST_OK)
		rc = set_rate(u, rate_hz);
	if (rc == ST_OK) {
		reset_stream(u);
		rc = register_hotplug(u);
	}
	if (rc != ST_OK)
		return rc;
	submit_idle(u);
	rc = send_start(u);
	u->start_ns = plate_now_ns();
	if (rc == ST_OK && pthread_create(&u->thread, NULL, acquire, u) != 0)
		rc = st_fail(ST_ERR_NOMEM, "%s: cannot start the acquisition thread", p->info.name);
	if (rc != ST_OK) {
		drain_here(u);
		deregister_hotplug(u);
		return rc;
	}
	u->thread_running = true;
	return ST_OK;
}

/* Delivers what the ring holds, in its contiguous runs (borrowed straight from the ring). */
static int drain_ring(struct usb_plate *u)
{
	int delivered = 0;
	const struct plate_frame *frames;
	size_t n;
	while ((n = usb_ring_peek(&u->ring, &frames)) > 0) {
		u->last_seq = frames[n - 1].seq;
		plate_deliver(&u->base, frames, n);
		usb_ring_release(&u->ring, n);
		delivered += (int)n;
	}
	return delivered;
}

static bool wait_for_news(struct usb_plate *u, uint64_t deadline_ns)
{
	uint64_t now = plate_now_ns();
	if (now >= deadline_ns)
		return false;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t wake_ns = (uint64_t)ts.tv_nsec + (deadline_ns - now);
	ts.tv_sec += (time_t)(wake_ns / 1000000000u);
	ts.tv_nsec = (long)(wake_ns % 1000000000u);
	while (sem_timedwait(&u->wake, &ts) != 0 && errno == EINTR)
		;
	return true;
}

static int usb_poll(struct plate *p, int timeout_ms)
{
	struct usb_plate *u = (struct usb_plate *)p;
	if (u->gone_delivered)
		return st_fail(ST_ERR_GONE, "%s: the plate was unplugged", p->info.name);
	uint64_t deadline = plate_now_ns() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000000u;
	for (;;) {
		/* read the flags before draining, so no frame pushed before them is left behind */
		bool gone = atomic_load(&u->gone);
		int error = atomic_load(&u->stream_error);
		int n = drain_ring(u);
		if (n > 0)
			return n;
		if (gone) {
			struct plate_frame last = { .host_ns = plate_now_ns(), .seq = (uint16_t)(u->last_seq + 1),
						    .flags = PLATE_FRAME_GONE };
			u->gone_delivered = true;
			plate_deliver(p, &last, 1);
			return 1;
		}
		if (error)
			return st_fail(error, "%s", u->stream_msg);
		if (!wait_for_news(u, deadline))
			return 0;
	}
}

static void stop_thread(struct usb_plate *u)
{
	if (!u->thread_running)
		return;
	atomic_store(&u->quit, true);
	libusb_interrupt_event_handler(u->ctx);
	pthread_join(u->thread, NULL);
	u->thread_running = false;
	u->counters.stream_s = (double)(plate_now_ns() - u->start_ns) / 1e9;
}

/* STOP, then GET_STATUS for the device's own drop count. */
static int stop_device(struct usb_plate *u)
{
	const char *name = u->base.info.name;
	int rc = control_out(u->handle, u->iface, USB_REQ_STOP, 0);
	if (rc < 0)
		return usb_fail(rc, name, "STOP");
	uint8_t buf[USB_STATUS_SIZE];
	rc = control_in(u->handle, u->iface, USB_REQ_GET_STATUS, buf, sizeof buf);
	if (rc < 0)
		return usb_fail(rc, name, "GET_STATUS");
	struct usb_status st;
	rc = usb_status_parse(buf, (size_t)rc, &st);
	if (rc != ST_OK)
		return prefix_failure(rc, name);
	u->counters.device_dropped = st.samples_dropped;
	return ST_OK;
}

static int usb_stop(struct plate *p)
{
	struct usb_plate *u = (struct usb_plate *)p;
	stop_thread(u);
	deregister_hotplug(u);
	u->counters.parser = u->parser.stats;
	u->counters.ring_overruns = atomic_load(&u->ring.overruns);
	int rc = atomic_load(&u->gone) ? ST_OK : stop_device(u);
	log_counters(u, &u->counters, atomic_load(&u->gone) ? "stream ended, unplugged" : "stream ended");
	if (rc == ST_ERR_GONE || atomic_load(&u->gone)) {
		/* let go of the dead device; start() looks for the plate again */
		detach(u);
		rc = ST_OK;
	}
	return rc;
}

/* While streaming the acquisition thread logs them (within EVENT_WAIT_US): it owns them. */
static void usb_log_counters(struct plate *p)
{
	struct usb_plate *u = (struct usb_plate *)p;
	if (u->thread_running)
		atomic_store(&u->counters_wanted, true);
	else
		log_counters(u, &u->counters, "last stream");
}

int usb_plate_counters(const struct plate *p, struct usb_plate_counters *out)
{
	if (p->ops != &usb_ops)
		return st_fail(ST_ERR_ARG, "%s: not a USB plate", p->info.name);
	*out = ((const struct usb_plate *)p)->counters;
	return ST_OK;
}

/* --- listing --- */

static void describe_plate(libusb_device *dev, int iface, struct plate_listing *l)
{
	char where[64];
	describe_location(dev, where, sizeof where);
	snprintf(l->name, sizeof l->name, "usb");
	snprintf(l->serial, sizeof l->serial, "?");
	libusb_device_handle *h;
	int rc = libusb_open(dev, &h);
	if (rc != LIBUSB_SUCCESS) {
		usb_fail(rc, where, "opening");
		snprintf(l->description, sizeof l->description, "USB plate, %s", st_errmsg());
		return;
	}
	struct plate_info info;
	memset(&info, 0, sizeof info);
	rc = read_serial(h, where, l->serial, sizeof l->serial);
	if (rc == ST_OK) {
		snprintf(l->name, sizeof l->name, "usb:%s", l->serial);
		rc = libusb_claim_interface(h, iface);
		rc = rc == LIBUSB_SUCCESS ? read_info(h, iface, where, &info)
					  : usb_fail(rc, where, "claiming the plate interface");
		libusb_release_interface(h, iface);
	}
	if (rc == ST_OK)
		snprintf(l->description, sizeof l->description,
			 "USB dual plate, protocol %u, %u-%u Hz (default %u), %s", info.protocol_version,
			 info.min_rate_hz, info.max_rate_hz, info.default_rate_hz, where);
	else
		snprintf(l->description, sizeof l->description, "USB plate, %s", st_errmsg());
	libusb_close(h);
}

static int usb_list(struct plate_listing *out, size_t max, size_t *count)
{
	libusb_context *ctx;
	/* a system without USB has no USB plates; the other drivers still list theirs */
	if (libusb_init(&ctx) != LIBUSB_SUCCESS)
		return ST_OK;
	libusb_device **devs;
	ssize_t n = libusb_get_device_list(ctx, &devs);
	for (ssize_t i = 0; i < n && *count < max; i++) {
		int iface;
		uint8_t ep_in;
		if (find_plate_interface(devs[i], &iface, &ep_in))
			describe_plate(devs[i], iface, &out[(*count)++]);
	}
	if (n >= 0)
		libusb_free_device_list(devs, 1);
	libusb_exit(ctx);
	return ST_OK;
}

static const struct plate_ops usb_ops = {
	.start = usb_start,
	.poll = usb_poll,
	.stop = usb_stop,
	.destroy = usb_destroy,
	.log_counters = usb_log_counters,
};

const struct plate_driver plate_driver_usb = {
	.name = "usb",
	.list = usb_list,
	.open = usb_open,
};
