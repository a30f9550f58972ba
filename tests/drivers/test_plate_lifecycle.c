/* test_plate_lifecycle.c: open, start, stop and close in every order a caller may try,
 * two plates at once, real-time pacing, and the errors a misuse gets. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "check.h"

struct counter {
	size_t frames;
	uint16_t last_seq;
	bool in_order;
};

static void count_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct counter *c = user;
	for (size_t i = 0; i < n; i++) {
		if (c->frames > 0 && frames[i].seq != (uint16_t)(c->last_seq + 1))
			c->in_order = false;
		c->last_seq = frames[i].seq;
		c->frames++;
	}
}

static void test_repeated_cycles(void)
{
	struct plate_options fast = { .fast = true };
	for (int cycle = 0; cycle < 20; cycle++) {
		struct plate *p;
		int rc = plate_open(cycle % 2 ? "sim:quiet" : "sim", &fast, &p);
		CHECK(rc == ST_OK, "open: %s", st_errmsg());
		if (rc != ST_OK)
			return;
		for (int run = 0; run < 3; run++) {
			struct counter c = { .in_order = true };
			CHECK(plate_start(p, 500, count_frames, &c) == ST_OK, "start: %s", st_errmsg());
			for (int i = 0; i < 3; i++)
				CHECK(plate_poll(p, 0) >= 0, "poll: %s", st_errmsg());
			CHECK(c.frames == 3 * 4096, "3 fast polls give 3 batches: %zu", c.frames);
			CHECK(c.in_order, "frames in order");
			CHECK(plate_stop(p) == ST_OK, "stop");
			CHECK(plate_stop(p) == ST_OK, "stop twice is harmless");
		}
		plate_close(p);
	}
	plate_close(NULL);
}

static void test_misuse(void)
{
	struct plate *p;
	struct counter c = { 0 };
	CHECK(plate_open("", NULL, &p) == ST_ERR_ARG, "empty spec");
	CHECK(plate_open("toaster", NULL, &p) == ST_ERR_ARG && strstr(st_errmsg(), "unknown plate 'toaster'"),
	      "unknown driver: %s", st_errmsg());
	CHECK(plate_open("replay:/nonexistent/x.rec", NULL, &p) == ST_ERR_NOT_FOUND, "missing recording: %s",
	      st_errmsg());
	CHECK(plate_open("replay:", NULL, &p) == ST_ERR_ARG, "replay without a file");
	if (plate_open("sim", NULL, &p) != ST_OK)
		return;
	CHECK(plate_poll(p, 0) == ST_ERR_STATE, "poll before start");
	CHECK(plate_start(p, 50, count_frames, &c) == ST_ERR_ARG && strstr(st_errmsg(), "100-2000 Hz"),
	      "rate below the range: %s", st_errmsg());
	CHECK(plate_start(p, 4000, count_frames, &c) == ST_ERR_ARG, "rate above the range");
	CHECK(plate_start(p, 1000, NULL, NULL) == ST_ERR_ARG, "no callback");
	CHECK(plate_start(p, 0, count_frames, &c) == ST_OK, "default rate");
	CHECK(plate_rate(p) == 1000, "default rate is 1000 Hz: %u", plate_rate(p));
	CHECK(plate_start(p, 1000, count_frames, &c) == ST_ERR_STATE, "start twice");
	const struct plate_info *info = plate_get_info(p);
	CHECK(strcmp(info->driver, "sim") == 0 && strcmp(info->serial, "SIM-0001") == 0, "info: %s %s",
	      info->driver, info->serial);
	CHECK(info->channel_count == 8 && info->adc_bits == 24 && info->protocol_version == 1, "protocol fields");
	CHECK(info->cell_x_mm[0] < 0 && info->cell_y_mm[0] > 0 && info->cell_x_mm[3] > 0 && info->cell_y_mm[3] < 0,
	      "channel 0 front-left, 3 rear-right");
	plate_close(p);
}

/* Real-time plates never run ahead of the clock: frames <= elapsed x rate + 1. */
static void test_real_time_pacing(void)
{
	struct plate *a, *b;
	struct counter ca = { .in_order = true }, cb = { .in_order = true };
	if (plate_open("sim:quiet", NULL, &a) != ST_OK || plate_open("sim:hops", NULL, &b) != ST_OK)
		return;
	uint64_t t0 = plate_now_ns();
	CHECK(plate_start(a, 1000, count_frames, &ca) == ST_OK, "start a");
	CHECK(plate_start(b, 200, count_frames, &cb) == ST_OK, "start b");
	for (int i = 0; i < 30; i++) {
		CHECK(plate_poll(a, 5) >= 0, "poll a");
		CHECK(plate_poll(b, 5) >= 0, "poll b");
	}
	double elapsed = (double)(plate_now_ns() - t0) / 1e9;
	CHECK(ca.frames > 0 && ca.frames <= elapsed * 1000 + 1, "a paced: %zu frames in %.3f s", ca.frames, elapsed);
	CHECK(cb.frames > 0 && cb.frames <= elapsed * 200 + 1, "b paced: %zu frames in %.3f s", cb.frames, elapsed);
	CHECK(ca.in_order && cb.in_order, "two plates at once keep their own streams");
	plate_close(a);
	plate_close(b);
}

static void test_listing(void)
{
	struct plate_listing list[8];
	size_t n = 0;
	CHECK(plate_list(list, 8, &n) == ST_OK && n >= 1, "list");
	bool sim = false;
	for (size_t i = 0; i < n; i++)
		sim = sim || strcmp(list[i].name, "sim") == 0;
	CHECK(sim, "the simulated plate is listed");
	CHECK(plate_list(list, 0, &n) == ST_OK && n == 0, "no room, no entries");
}

int main(void)
{
	test_repeated_cycles();
	test_misuse();
	test_real_time_pacing();
	test_listing();
	return check_summary();
}
