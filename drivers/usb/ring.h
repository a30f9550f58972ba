/* ring.h: the lock-free single-producer, single-consumer ring of frames between the USB
 * acquisition thread (producer) and the thread calling plate_poll() (consumer).
 *
 * The producer never waits: when the ring is full the frames that do not fit are dropped,
 * counted, and the next frame that fits carries them as a gap (lost_before, GAP_BEFORE),
 * so a slow consumer shows up in the stream the same way a device drop does.
 * head and tail only grow; a slot is index & (USB_RING_FRAMES - 1).
 */
#ifndef STATION_USB_RING_H
#define STATION_USB_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plate.h"

#define USB_RING_FRAMES 8192u /* a power of two: 8 s at 1 kHz */

struct usb_ring {
	_Alignas(64) atomic_size_t head; /* next slot the producer writes */
	_Alignas(64) atomic_size_t tail; /* next slot the consumer reads */
	_Alignas(64) uint64_t pending_lost; /* producer only: instants dropped, owed to the next frame */
	atomic_uint_fast64_t overruns;      /* frames dropped because the ring was full */
	struct plate_frame slots[USB_RING_FRAMES];
};

/* Empties the ring; only while neither side runs. */
static inline void usb_ring_reset(struct usb_ring *r)
{
	atomic_store(&r->head, 0);
	atomic_store(&r->tail, 0);
	r->pending_lost = 0;
	atomic_store(&r->overruns, 0);
}

/* Producer: appends what fits of frames[0..n); returns the number appended. */
static inline size_t usb_ring_push(struct usb_ring *r, const struct plate_frame *frames, size_t n)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	size_t room = USB_RING_FRAMES - (head - tail);
	size_t fit = n < room ? n : room;
	for (size_t i = 0; i < fit; i++) {
		struct plate_frame *slot = &r->slots[(head + i) & (USB_RING_FRAMES - 1)];
		*slot = frames[i];
		if (r->pending_lost) {
			uint64_t lost = slot->lost_before + r->pending_lost;
			slot->lost_before = lost > UINT32_MAX ? UINT32_MAX : (uint32_t)lost;
			slot->flags |= PLATE_FRAME_GAP_BEFORE;
			r->pending_lost = 0;
		}
	}
	for (size_t i = fit; i < n; i++)
		r->pending_lost += 1 + (uint64_t)frames[i].lost_before;
	if (fit < n)
		atomic_fetch_add_explicit(&r->overruns, n - fit, memory_order_relaxed);
	atomic_store_explicit(&r->head, head + fit, memory_order_release);
	return fit;
}

/* Consumer: the frames ready in one contiguous run; *frames points at the first. */
static inline size_t usb_ring_peek(struct usb_ring *r, const struct plate_frame **frames)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	size_t at = tail & (USB_RING_FRAMES - 1);
	size_t run = USB_RING_FRAMES - at;
	*frames = &r->slots[at];
	return head - tail < run ? head - tail : run;
}

/* Consumer: gives back the n frames peeked. */
static inline void usb_ring_release(struct usb_ring *r, size_t n)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
}

#endif
