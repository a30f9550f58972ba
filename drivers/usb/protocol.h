/* protocol.h: the USB plate's wire format (../shared/plate-protocol.md), as pure functions.
 *
 * Nothing here touches libusb: the info and status blocks are parsed from byte arrays, and
 * the bulk stream goes through a record parser that takes the bytes of each transfer as
 * they come (records split across transfers are reassembled), checks sync and CRC, drops
 * and counts what is wrong, resynchronises, and turns good records into plate frames with
 * seq gaps and saturation marked. api.c does the USB side.
 */
#ifndef STATION_USB_PROTOCOL_H
#define STATION_USB_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plate.h"

/* The interface that makes a device a plate. */
#define USB_PLATE_CLASS 0xFF
#define USB_PLATE_SUBCLASS 0x46 /* 'F' */
#define USB_PLATE_PROTOCOL 0x50 /* 'P' */

/* Vendor requests to the interface. */
#define USB_REQTYPE_IN 0xC1
#define USB_REQTYPE_OUT 0x41
enum usb_plate_request {
	USB_REQ_GET_INFO = 0x01,
	USB_REQ_SET_RATE = 0x02,
	USB_REQ_START = 0x03,
	USB_REQ_STOP = 0x04,
	USB_REQ_GET_STATUS = 0x05,
};

#define USB_INFO_SIZE 64
#define USB_STATUS_SIZE 8
#define USB_PROTOCOL_VERSION 1

#define USB_RECORD_SIZE 42
#define USB_RECORD_SYNC 0xA5
#define USB_RECORD_SATURATED 0x01 /* record flag bit 0 */
#define USB_RECORD_DROPPED 0x02   /* record flag bit 1: the device dropped samples just before */

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, not reflected, xorout 0. */
uint16_t usb_crc16(const uint8_t *data, size_t len);

/* Parses a GET_INFO block into the protocol fields of info (version, channels, ADC bits,
 * rates, cell positions, plate size, nominal gain); driver, name and serial are left alone.
 * Refuses (ST_ERR_PROTOCOL, message naming what and the value) a short block, a protocol
 * version other than 1, a channel count other than 8, ADC bits other than 24, and a rate
 * range that is empty or does not hold the default rate. Reserved fields are ignored. */
int usb_info_parse(const uint8_t *buf, size_t len, struct plate_info *info);

struct usb_status {
	uint32_t samples_dropped; /* device buffer overruns since START */
	bool streaming;
	bool overloaded;          /* a cell is overloaded now */
};

/* Parses a GET_STATUS block; ST_ERR_PROTOCOL when it is not 8 bytes. */
int usb_status_parse(const uint8_t *buf, size_t len, struct usb_status *out);

/* What the parser saw; every byte that did not become a frame is counted somewhere. */
struct usb_parser_stats {
	uint64_t records;        /* good records turned into frames */
	uint64_t bad_sync;       /* records dropped: no 0xA5 where one was due */
	uint64_t bad_crc;        /* records dropped: 0xA5 where due, CRC wrong */
	uint64_t bytes_skipped;  /* bytes thrown away while resynchronising */
	uint64_t resyncs;        /* times the parser found its way back after losing sync */
	uint64_t gaps;           /* seq jumps */
	uint64_t lost;           /* sample instants lost, summed over the jumps */
	uint64_t device_dropped; /* records the device flagged "dropped just before" */
	uint64_t saturated;      /* records with a channel at full scale */
	uint64_t not_24bit;      /* counts whose top byte was not the sign of bit 23 (sign-extended anyway) */
};

struct usb_parser {
	uint8_t partial[USB_RECORD_SIZE]; /* the start of a record the last transfer cut off */
	size_t have;
	bool in_sync;      /* the last bytes were a good record (a bad one there is counted) */
	bool have_seq;     /* a record arrived since the stream (re)started */
	uint16_t next_seq;
	struct usb_parser_stats stats;
};

/* Ready for a new stream (after START): no partial record, seq expected from 0. */
void usb_parser_init(struct usb_parser *ps);

/* Parses len bytes of the stream, received at host_ns. Writes up to max frames to out and
 * returns how many; *used gets the bytes consumed, which is len unless out filled up (feed
 * the rest again). A record cut off at the end is kept for the next call. */
size_t usb_parser_feed(struct usb_parser *ps, const uint8_t *data, size_t len, uint64_t host_ns,
		       struct plate_frame *out, size_t max, size_t *used);

/* Decodes one 42-byte record whose sync and CRC are known good into f (counts
 * sign-extended from 24 bits, flags mapped; seq accounting is the parser's). */
void usb_record_decode(const uint8_t *rec, uint64_t host_ns, struct plate_frame *f, bool *not_24bit);

#endif
