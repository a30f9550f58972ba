/* bench_usb_parser.c: how fast USB records go from bytes to frames ready for plate_poll().
 *
 * A stream of 2 million valid records (with a saturated one now and then) is cut into
 * 1024-byte transfers, as the driver receives them; each transfer goes through the record
 * parser into the frame ring, and a consumer drains the ring. Measured twice: on one
 * thread (parser, ring push and drain in turn), and with the consumer on a second thread
 * as in the station. MB are 10^6 bytes of USB stream.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "ring.h"
#include "spec_records.h"

#define N_RECORDS 2000000u
#define XFER_BYTES 1024
#define ROUNDS 3

static uint8_t *stream;
static size_t stream_len;
static struct usb_ring ring;
static atomic_bool producer_done;

static void make_stream(void)
{
	stream_len = (size_t)N_RECORDS * USB_RECORD_SIZE;
	stream = malloc(stream_len);
	for (uint32_t i = 0; i < N_RECORDS; i++) {
		int32_t counts[PLATE_CHANNELS];
		for (int c = 0; c < PLATE_CHANNELS; c++)
			counts[c] = (int32_t)((i * 2654435761u + (uint32_t)c * 40503u) % 16000000u) - 8000000;
		spec_record((uint16_t)i, i * 1000u, i % 1000 == 0 ? USB_RECORD_SATURATED : 0, counts,
			    stream + (size_t)i * USB_RECORD_SIZE);
	}
}

static size_t drain(void)
{
	const struct plate_frame *frames;
	size_t n, total = 0;
	while ((n = usb_ring_peek(&ring, &frames)) > 0) {
		total += n;
		usb_ring_release(&ring, n);
	}
	return total;
}

/* Feeds the whole stream through the parser into the ring; drains after each transfer
 * when drain_inline, else leaves that to the consumer thread. */
static uint64_t produce(bool drain_inline, size_t *consumed)
{
	static struct plate_frame scratch[XFER_BYTES / USB_RECORD_SIZE + 2];
	struct usb_parser ps;
	usb_parser_init(&ps);
	for (size_t pos = 0; pos < stream_len; pos += XFER_BYTES) {
		size_t len = stream_len - pos < XFER_BYTES ? stream_len - pos : XFER_BYTES;
		size_t used, n = usb_parser_feed(&ps, stream + pos, len, pos, scratch, sizeof scratch / sizeof scratch[0],
					 &used);
		while (usb_ring_push(&ring, scratch, n) < n && !drain_inline)
			; /* the benchmark waits instead of dropping, to measure the whole path */
		if (drain_inline)
			*consumed += drain();
	}
	return ps.stats.records;
}

static void *consumer(void *arg)
{
	size_t *total = arg;
	while (!atomic_load(&producer_done) || usb_ring_peek(&ring, &(const struct plate_frame *){ NULL }) > 0)
		*total += drain();
	return NULL;
}

static double run(bool threaded, uint64_t *records, size_t *consumed)
{
	usb_ring_reset(&ring);
	atomic_store(&producer_done, false);
	*consumed = 0;
	pthread_t t;
	if (threaded)
		pthread_create(&t, NULL, consumer, consumed);
	uint64_t t0 = plate_now_ns();
	*records = produce(!threaded, consumed);
	atomic_store(&producer_done, true);
	if (threaded)
		pthread_join(t, NULL);
	return (double)(plate_now_ns() - t0) / 1e9;
}

int main(void)
{
	make_stream();
	printf("USB record parser + frame ring: %u records of %d bytes, %d-byte transfers, best of %d\n", N_RECORDS,
	       USB_RECORD_SIZE, XFER_BYTES, ROUNDS);
	int status = 0;
	for (int threaded = 0; threaded < 2; threaded++) {
		double best = 1e9;
		uint64_t records = 0;
		size_t consumed = 0;
		for (int r = 0; r < ROUNDS; r++) {
			double s = run(threaded, &records, &consumed);
			best = s < best ? s : best;
		}
		if (records != N_RECORDS || consumed != N_RECORDS) {
			printf("error: %llu records parsed, %zu consumed\n", (unsigned long long)records, consumed);
			status = 1;
		}
		printf("%-28s %6.2f M records/s  %7.1f MB/s  (%.3f s)\n",
		       threaded ? "consumer on its own thread:" : "one thread:", N_RECORDS / best / 1e6,
		       (double)stream_len / best / 1e6, best);
	}
	free(stream);
	return status;
}
