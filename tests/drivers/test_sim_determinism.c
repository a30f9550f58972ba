/* test_sim_determinism.c: the simulated plate gives the same recording, bit for bit, from
 * the same seed whatever compiled it (gcc or clang, x86-64 or arm64, optimised or not).
 *
 * A fixed scenario with every kind of step and nuisance is played at 1 kHz and everything
 * a frame carries but the host's clock (seq, device time, flags, lost samples, counts) is
 * hashed; CI runs this test in each of its builds, so each must give EXPECTED_HASH. When
 * the simulator changes on purpose, the test prints the new hash to commit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"

static const char scenario[] =
	"mass 72\nseed 20261204\nnoise 0.6\nhum 50 2\nsway 2\nrail 3\ndrift 0.3\ndisturb 2\n"
	"empty 2\nstep-on 1\nstand 3 share=52\n"
	"raise count=5 rise=1 hold=1 lower=4 height=50 rest=1.5 jitter=0.15 vary=0.3\n"
	"hold standing seconds=10 height=45\nsit 3 load=15\nhold seated seconds=10 push=30\n"
	"stand 2 leg=left\nhops count=6 flight=0.3 contact=0.22 jitter=0.1\nstand 2\n"
	"drop at=12 count=20\nsaturate at=20 seconds=0.5 channel=3\n";

/* What every correct build of the simulator gives for the scenario above. */
#define EXPECTED_HASH UINT64_C(0x1f648f859c5041fb)
#define EXPECTED_FRAMES 81268

/* FNV-1a, 64 bits, over explicit little-endian bytes (the same on every host). */
static uint64_t hash_bytes(uint64_t h, uint64_t value, int bytes)
{
	for (int i = 0; i < bytes; i++) {
		h ^= (value >> (8 * i)) & 0xFF;
		h *= UINT64_C(0x100000001B3);
	}
	return h;
}

static uint64_t hash_frames(const struct capture *c)
{
	uint64_t h = UINT64_C(0xCBF29CE484222325);
	for (size_t i = 0; i < c->n; i++) {
		const struct plate_frame *f = &c->frames[i];
		h = hash_bytes(h, f->seq, 2);
		h = hash_bytes(h, f->device_us, 4);
		h = hash_bytes(h, f->flags, 1);
		h = hash_bytes(h, f->lost_before, 4);
		for (int k = 0; k < PLATE_CHANNELS; k++)
			h = hash_bytes(h, (uint32_t)f->counts[k], 4);
	}
	return h;
}

static void test_same_recording_from_every_build(void)
{
	char *path = temp_file_with("determinism", scenario);
	char spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true };
	struct capture cap;
	int rc = capture_plate(spec, &opt, 1000, &cap);
	unlink(path);
	free(path);
	REQUIRE(rc == ST_OK, "capture: %s", st_errmsg());
	uint64_t h = hash_frames(&cap);
	printf("%zu frames, hash 0x%016" PRIx64 "\n", cap.n, h);
	CHECK(cap.n == EXPECTED_FRAMES, "frames: %zu, expected %d", cap.n, EXPECTED_FRAMES);
	CHECK(h == EXPECTED_HASH, "hash 0x%016" PRIx64 ", expected 0x%016" PRIx64
	      " (a different simulation: if the simulator changed on purpose, commit the new hash)",
	      h, EXPECTED_HASH);
	capture_free(&cap);
}

int main(void)
{
	test_same_recording_from_every_build();
	return check_summary();
}
