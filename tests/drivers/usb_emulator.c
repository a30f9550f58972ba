#include "usb_emulator.h"

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <umockdev.h>

#include "protocol.h"
#include "spec_records.h"

#define MAX_DEVICES 8
#define MAX_URBS 64
#define QUEUE_BYTES (1 << 20)
#define EP_IN 0x83   /* the plate's bulk IN endpoint, on interface 1 */
#define PLATE_IFACE 1

struct emu_device {
	struct emu_plate_config cfg;
	char serial[PLATE_SERIAL_MAX];
	char devnode[64];
	char syspath[64];
	bool present;
	bool unplugged;
	struct emu_faults faults;
	struct emu_counts counts;
	bool streaming, paused;
	uint64_t start_ns;
	uint64_t next_instant;   /* sample instants made since START */
	uint16_t seq;
	UMockdevIoctlData *bulk[MAX_URBS]; /* submitted bulk URBs, oldest first */
	int n_bulk;
	UMockdevIoctlData *done[MAX_URBS]; /* completed URBs waiting to be reaped */
	int n_done;
	uint8_t *queue;          /* bytes made, not yet handed to a URB */
	size_t queued;
	uint32_t rng;
};

struct emu {
	UMockdevTestbed *testbed;
	UMockdevIoctlBase *handler;
	pthread_mutex_t lock;
	struct emu_device dev[MAX_DEVICES];
	int n_dev;
	int next_devnum;
};

void emu_counts_for(uint64_t n, int32_t counts[PLATE_CHANNELS])
{
	for (int c = 0; c < PLATE_CHANNELS; c++)
		counts[c] = (int32_t)((n * 131 + (uint64_t)c * 100003) % 4000000) - 2000000;
}

static uint64_t now_ns(void)
{
	return plate_now_ns();
}

static uint32_t next_random(struct emu_device *d)
{
	d->rng = d->rng * 1103515245u + 12345u;
	return d->rng >> 8;
}

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void queue_bytes(struct emu_device *d, const uint8_t *p, size_t n)
{
	if (d->queued + n > QUEUE_BYTES)
		return;
	memcpy(d->queue + d->queued, p, n);
	d->queued += n;
}

static bool every(unsigned n, uint64_t i)
{
	return n && i % n == n - 1;
}

/* Makes the records due by now (instants since START x rate), with the faults asked for. */
static void make_due_records(struct emu_device *d)
{
	if (!d->streaming || d->paused)
		return;
	uint64_t due = (now_ns() - d->start_ns) * d->counts.rate_hz / 1000000000u + 1;
	for (; d->next_instant < due; d->next_instant++) {
		uint64_t n = d->next_instant;
		uint16_t seq = d->seq++;
		if (every(d->faults.skip_every, n)) {
			d->counts.skipped++;
			continue;
		}
		int32_t counts[PLATE_CHANNELS];
		emu_counts_for(n, counts);
		uint8_t flags = 0;
		if (every(d->faults.saturate_every, n)) {
			counts[5] = PLATE_ADC_MAX;
			flags |= USB_RECORD_SATURATED;
		}
		/* written from the spec by the test code, not by the driver it tests */
		uint8_t rec[SPEC_RECORD_BYTES];
		spec_record(seq, (uint32_t)(n * 1000000u / d->counts.rate_hz), flags, counts, rec);
		if (every(d->faults.crc_every, n)) {
			rec[20] ^= 0x10;
			d->counts.corrupted++;
		} else {
			d->counts.records++;
			d->counts.saturated += flags != 0;
		}
		queue_bytes(d, rec, sizeof rec);
		if (every(d->faults.garbage_every, n)) {
			static const uint8_t junk[] = { 0x00, 0xA5, 0x13, 0xA5, 0xA5, 0x42, 0x07 };
			queue_bytes(d, junk, sizeof junk);
			d->counts.garbage++;
			d->counts.garbage_bytes += sizeof junk;
		}
	}
}

static void info_block(const struct emu_device *d, uint8_t b[USB_INFO_SIZE])
{
	memset(b, 0, USB_INFO_SIZE);
	put_u16(b, d->cfg.protocol_version);
	b[2] = 8;
	b[3] = 24;
	put_u16(b + 4, d->cfg.default_rate_hz);
	put_u16(b + 6, d->cfg.min_rate_hz);
	put_u16(b + 8, d->cfg.max_rate_hz);
	for (int c = 0; c < 8; c++) {
		put_u16(b + 12 + 2 * c, (uint16_t)(int16_t)(c % 2 ? 90 : -90));
		put_u16(b + 28 + 2 * c, (uint16_t)(int16_t)(c % 4 < 2 ? 140 : -140));
	}
	put_u16(b + 44, 240);
	put_u16(b + 46, 380);
	uint32_t gain = 3500000;
	for (int i = 0; i < 4; i++)
		b[48 + i] = (uint8_t)(gain >> (8 * i));
}

static size_t string_descriptor(const struct emu_device *d, uint8_t index, uint8_t *out)
{
	const char *s = index == 1 ? "Station test" : index == 2 ? "Dual force plate" : d->serial;
	if (index == 0) {
		const uint8_t langs[4] = { 4, 3, 0x09, 0x04 };
		memcpy(out, langs, 4);
		return 4;
	}
	size_t len = strlen(s);
	out[0] = (uint8_t)(2 + 2 * len);
	out[1] = 3;
	for (size_t i = 0; i < len; i++) {
		out[2 + 2 * i] = (uint8_t)s[i];
		out[3 + 2 * i] = 0;
	}
	return 2 + 2 * len;
}

/* Answers a control URB at once: sets its status and actual_length, data after the setup. */
static void control_request(struct emu_device *d, struct usbdevfs_urb *urb)
{
	uint8_t *setup = urb->buffer;
	uint8_t type = setup[0], request = setup[1];
	uint16_t value = (uint16_t)(setup[2] | setup[3] << 8), length = (uint16_t)(setup[6] | setup[7] << 8);
	uint8_t reply[256];
	size_t n = 0;
	urb->status = 0;
	if (type == 0x80 && request == 0x06 && value >> 8 == 3) {
		n = string_descriptor(d, (uint8_t)value, reply);
	} else if (type == USB_REQTYPE_IN && request == USB_REQ_GET_INFO) {
		info_block(d, reply);
		n = USB_INFO_SIZE;
	} else if (type == USB_REQTYPE_IN && request == USB_REQ_GET_STATUS) {
		memset(reply, 0, USB_STATUS_SIZE);
		for (int i = 0; i < 4; i++)
			reply[i] = (uint8_t)(d->cfg.status_dropped >> (8 * i));
		reply[4] = d->streaming;
		n = USB_STATUS_SIZE;
	} else if (type == USB_REQTYPE_OUT && request == USB_REQ_SET_RATE) {
		if (value < d->cfg.min_rate_hz || value > d->cfg.accepts_up_to_hz || d->streaming) {
			urb->status = -EPIPE;
			d->counts.stalls++;
		} else {
			d->counts.rate_hz = value;
		}
	} else if (type == USB_REQTYPE_OUT && request == USB_REQ_START) {
		d->streaming = true;
		d->paused = false;
		d->start_ns = now_ns();
		d->next_instant = 0;
		d->seq = 0;
		d->queued = 0;
		d->counts.starts++;
		/* the stream's own counts start again */
		d->counts.records = d->counts.corrupted = d->counts.garbage = d->counts.garbage_bytes = 0;
		d->counts.skipped = d->counts.saturated = d->counts.transfers = d->counts.split = 0;
		d->counts.delivered = 0;
	} else if (type == USB_REQTYPE_OUT && request == USB_REQ_STOP) {
		d->streaming = false;
		d->queued = 0;
		d->counts.stops++;
	} else {
		urb->status = -EPIPE;
	}
	if (n > length)
		n = length;
	memcpy((uint8_t *)urb->buffer + 8, reply, n);
	urb->actual_length = (int)n;
}

/* Fills the oldest bulk URB with what is queued, cut at a random length. */
static bool complete_bulk(struct emu_device *d)
{
	make_due_records(d);
	if (d->n_bulk == 0 || d->queued == 0 || d->n_done == MAX_URBS)
		return false;
	UMockdevIoctlData *data = d->bulk[0];
	struct usbdevfs_urb *urb = (struct usbdevfs_urb *)data->data;
	/* short of what is queued most of the time, so transfers end inside records */
	size_t limit = d->queued < (size_t)urb->buffer_length ? d->queued : (size_t)urb->buffer_length;
	size_t n = 1 + next_random(d) % limit;
	memcpy(urb->buffer, d->queue, n);
	memmove(d->queue, d->queue + n, d->queued - n);
	d->queued -= n;
	urb->actual_length = (int)n;
	urb->status = 0;
	d->counts.transfers++;
	d->counts.delivered += n;
	d->counts.split += d->queued % USB_RECORD_SIZE != 0;
	memmove(d->bulk, d->bulk + 1, (size_t)--d->n_bulk * sizeof d->bulk[0]);
	d->done[d->n_done++] = data;
	return true;
}

static struct emu_device *device_for(struct emu *e, const char *devnode)
{
	for (int i = 0; i < e->n_dev; i++)
		if (strcmp(e->dev[i].devnode, devnode) == 0)
			return &e->dev[i];
	return NULL;
}

static void submit_urb(struct emu_device *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *data = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
	struct usbdevfs_urb *urb = (struct usbdevfs_urb *)data->data;
	UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(data, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
							      (gsize)urb->buffer_length, NULL);
	g_object_unref(buf);
	if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
		control_request(d, urb);
		d->done[d->n_done++] = data;
	} else if (urb->type == USBDEVFS_URB_TYPE_BULK && urb->endpoint == EP_IN && d->n_bulk < MAX_URBS) {
		d->bulk[d->n_bulk++] = data;
	} else {
		g_object_unref(data);
		umockdev_ioctl_client_complete(client, -1, EINVAL);
		return;
	}
	umockdev_ioctl_client_complete(client, 0, 0);
}

static void reap_urb(struct emu_device *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	if (d->n_done == 0 && !d->unplugged)
		complete_bulk(d);
	if (d->n_done == 0 && d->unplugged && d->n_bulk > 0) {
		/* what the kernel does with pending URBs of a device that went away */
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)d->bulk[0]->data;
		urb->status = -ESHUTDOWN;
		urb->actual_length = 0;
		d->done[d->n_done++] = d->bulk[0];
		memmove(d->bulk, d->bulk + 1, (size_t)--d->n_bulk * sizeof d->bulk[0]);
	}
	if (d->n_done == 0) {
		umockdev_ioctl_client_complete(client, -1, d->unplugged ? ENODEV : EAGAIN);
		return;
	}
	UMockdevIoctlData *data = d->done[0];
	memmove(d->done, d->done + 1, (size_t)--d->n_done * sizeof d->done[0]);
	UMockdevIoctlData *ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
	umockdev_ioctl_data_set_ptr(ptr, 0, data);
	umockdev_ioctl_client_complete(client, 0, 0);
	g_object_unref(ptr);
	g_object_unref(data);
}

static void discard_urb(struct emu_device *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	gulong addr = (gulong) * (void **)arg->data;
	for (int i = 0; i < d->n_bulk; i++) {
		if (d->bulk[i]->client_addr != addr)
			continue;
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)d->bulk[i]->data;
		urb->status = -ENOENT;
		urb->actual_length = 0;
		d->done[d->n_done++] = d->bulk[i];
		memmove(d->bulk + i, d->bulk + i + 1, (size_t)(d->n_bulk - i - 1) * sizeof d->bulk[0]);
		d->n_bulk--;
		umockdev_ioctl_client_complete(client, 0, 0);
		return;
	}
	umockdev_ioctl_client_complete(client, -1, EINVAL);
}

static gboolean on_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer user)
{
	struct emu *e = user;
	(void)handler;
	unsigned long request = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	pthread_mutex_lock(&e->lock);
	struct emu_device *d = device_for(e, umockdev_ioctl_client_get_devnode(client));
	gboolean handled = d != NULL;
	if (d)
		d->counts.ioctls++;
	if (!d) {
		/* not ours */
	} else if (d->unplugged && request != USBDEVFS_REAPURBNDELAY && request != USBDEVFS_REAPURB) {
		umockdev_ioctl_client_complete(client, -1, ENODEV);
	} else if (request == USBDEVFS_GET_CAPABILITIES) {
		UMockdevIoctlData *caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), NULL);
		*(uint32_t *)caps->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
					  USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
		umockdev_ioctl_client_complete(client, 0, 0);
		g_object_unref(caps);
	} else if (request == USBDEVFS_CLAIMINTERFACE || request == USBDEVFS_RELEASEINTERFACE ||
		   request == USBDEVFS_CLEAR_HALT || request == USBDEVFS_RESETEP) {
		umockdev_ioctl_client_complete(client, 0, 0);
	} else if (request == USBDEVFS_SUBMITURB) {
		submit_urb(d, client, arg);
	} else if (request == USBDEVFS_REAPURBNDELAY || request == USBDEVFS_REAPURB) {
		reap_urb(d, client, arg);
	} else if (request == USBDEVFS_DISCARDURB) {
		discard_urb(d, client, arg);
	} else {
		fprintf(stderr, "emulator: %s: ioctl 0x%lx not emulated\n", d->devnode, request);
		umockdev_ioctl_client_complete(client, -1, ENOTTY);
	}
	pthread_mutex_unlock(&e->lock);
	return handled;
}

struct emu *emu_new(void)
{
	const char *preload = getenv("LD_PRELOAD");
	if (!preload || !strstr(preload, "umockdev-preload")) {
		fprintf(stderr, "not running under umockdev-wrapper (the emulated plates need its preload library)\n");
		return NULL;
	}
	struct emu *e = calloc(1, sizeof *e);
	e->testbed = umockdev_testbed_new();
	e->handler = umockdev_ioctl_base_new();
	g_signal_connect(e->handler, "handle-ioctl", G_CALLBACK(on_ioctl), e);
	pthread_mutex_init(&e->lock, NULL);
	e->next_devnum = 2;
	return e;
}

static void release_urbs(struct emu_device *d)
{
	for (int i = 0; i < d->n_bulk; i++)
		g_object_unref(d->bulk[i]);
	for (int i = 0; i < d->n_done; i++)
		g_object_unref(d->done[i]);
	d->n_bulk = d->n_done = 0;
}

void emu_free(struct emu *e)
{
	if (!e)
		return;
	g_clear_object(&e->testbed);
	g_clear_object(&e->handler);
	for (int i = 0; i < e->n_dev; i++) {
		release_urbs(&e->dev[i]);
		free(e->dev[i].queue);
	}
	pthread_mutex_destroy(&e->lock);
	free(e);
}

static void hex(GString *s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%02x", p[i]);
}

/* Device and configuration descriptors: a vendor interface 0 beside the plate interface 1
 * (or a mass-storage interface for a device that is not a plate). */
static void descriptors(const struct emu_device *d, GString *s)
{
	const uint8_t device[18] = { 18, 1, 0x00, 0x02, 0, 0, 0, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1 };
	const uint8_t config[9] = { 9, 2, 9 + 2 * (9 + 7), 0, 2, 1, 0, 0x80, 50 };
	const uint8_t other[16] = { 9, 4, 0, 0, 1, 0xFF, 0x00, 0x00, 0, 7, 5, 0x81, 0x03, 8, 0, 10 };
	uint8_t plate[16] = { 9, 4, PLATE_IFACE, 0, 1, USB_PLATE_CLASS, USB_PLATE_SUBCLASS, USB_PLATE_PROTOCOL, 0,
			      7, 5, EP_IN, 0x02, 0x00, 0x02, 0 };
	if (d->cfg.not_a_plate) {
		plate[5] = 0x08;
		plate[6] = 0x06;
		plate[7] = 0x50;
	}
	hex(s, device, sizeof device);
	hex(s, config, sizeof config);
	hex(s, other, sizeof other);
	hex(s, plate, sizeof plate);
}

int emu_plug(struct emu *e, const struct emu_plate_config *cfg)
{
	pthread_mutex_lock(&e->lock);
	int id = e->n_dev++;
	struct emu_device *d = &e->dev[id];
	memset(d, 0, sizeof *d);
	d->cfg = *cfg;
	snprintf(d->serial, sizeof d->serial, "%s", cfg->serial);
	d->cfg.serial = d->serial;
	if (!d->cfg.protocol_version)
		d->cfg.protocol_version = 1;
	if (!d->cfg.min_rate_hz)
		d->cfg.min_rate_hz = 100;
	if (!d->cfg.max_rate_hz)
		d->cfg.max_rate_hz = 2000;
	if (!d->cfg.default_rate_hz)
		d->cfg.default_rate_hz = 1000;
	if (!d->cfg.accepts_up_to_hz)
		d->cfg.accepts_up_to_hz = d->cfg.max_rate_hz;
	d->counts.rate_hz = d->cfg.default_rate_hz;
	d->queue = malloc(QUEUE_BYTES);
	d->rng = (uint32_t)id * 7919u + 17u;
	int devnum = e->next_devnum++;
	snprintf(d->devnode, sizeof d->devnode, "/dev/bus/usb/001/%03d", devnum);
	snprintf(d->syspath, sizeof d->syspath, "/sys/devices/usb1/1-%d", devnum);
	d->present = true;
	pthread_mutex_unlock(&e->lock);

	umockdev_testbed_attach_ioctl(e->testbed, d->devnode, e->handler, NULL);
	GString *s = g_string_new(NULL);
	g_string_append_printf(s,
			       "P: /devices/usb1/1-%d\nN: bus/usb/001/%03d\nE: SUBSYSTEM=usb\nE: DRIVER=usb\n"
			       "E: BUSNUM=001\nE: DEVNUM=%03d\nE: DEVNAME=/dev/bus/usb/001/%03d\nE: DEVTYPE=usb_device\n"
			       "A: bConfigurationValue=1\\n\nA: busnum=1\\n\nA: devnum=%d\\n\nA: speed=480\\n\n"
			       "A: serial=%s\\n\nH: descriptors=",
			       devnum, devnum, devnum, devnum, devnum, d->serial);
	descriptors(d, s);
	g_string_append_c(s, '\n');
	GError *err = NULL;
	if (!umockdev_testbed_add_from_string(e->testbed, s->str, &err)) {
		fprintf(stderr, "emulator: cannot add %s: %s\n", d->devnode, err->message);
		g_error_free(err);
	}
	g_string_free(s, TRUE);
	return id;
}

void emu_unplug(struct emu *e, int id)
{
	pthread_mutex_lock(&e->lock);
	struct emu_device *d = &e->dev[id];
	d->unplugged = true;
	d->streaming = false;
	d->present = false;
	pthread_mutex_unlock(&e->lock);
	umockdev_testbed_uevent(e->testbed, d->syspath, "remove");
	umockdev_testbed_remove_device(e->testbed, d->syspath);
}

void emu_set_faults(struct emu *e, int id, const struct emu_faults *f)
{
	pthread_mutex_lock(&e->lock);
	e->dev[id].faults = *f;
	pthread_mutex_unlock(&e->lock);
}

void emu_pause(struct emu *e, int id)
{
	pthread_mutex_lock(&e->lock);
	make_due_records(&e->dev[id]);
	e->dev[id].paused = true;
	pthread_mutex_unlock(&e->lock);
}

void emu_counts(struct emu *e, int id, struct emu_counts *out)
{
	pthread_mutex_lock(&e->lock);
	*out = e->dev[id].counts;
	pthread_mutex_unlock(&e->lock);
}
