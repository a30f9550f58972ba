#include "session_driver.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "rec.h"
#include "status.h"

/* the seed of a plain "sim" plate's patient: runs differ by the clock's otherwise, and a
 * test that passes most times is no test */
#define DRIVER_SIM_SEED 1

int drive_session(const char *data_dir, const char *patient, const char *plate, enum flow_end *end)
{
	return drive_session_timed(data_dir, patient, plate, end, NULL);
}

int drive_session_timed(const char *data_dir, const char *patient, const char *plate, enum flow_end *end,
			double *plate_s)
{
	/* a scenario file's plate keeps its own seed */
	struct session_params params = { .data_dir = data_dir, .patient = patient, .plate = plate, .fast = true,
					 .sim_seed = plate && strcmp(plate, "sim") == 0 ? DRIVER_SIM_SEED : 0 };
	struct session_runner *r;
	int rc = runner_open(&params, &r);
	if (rc != ST_OK)
		return rc;
	struct flow_view v;
	for (runner_view(r, &v); rc == ST_OK && v.stage != FLOW_DONE; runner_view(r, &v)) {
		struct session_event e;
		while (runner_take_event(r, &e))
			;
		rc = v.stage == FLOW_QUESTION ? runner_answer(r, runner_scripted_answer(r, &v)) : runner_poll(r, 100);
	}
	*end = v.end;
	if (plate_s)
		*plate_s = runner_plate_seconds(r);
	runner_close(r);
	return rc;
}

long recording_frames(const char *path, bool *damaged, unsigned *rate_hz)
{
	struct rec_reader *rd;
	if (rec_reader_open(path, &rd) != ST_OK)
		return -1;
	if (rate_hz)
		*rate_hz = rec_reader_header(rd)->rate_hz;
	struct plate_frame buf[512];
	long total = 0;
	int n;
	while ((n = rec_reader_read(rd, buf, 512)) > 0)
		total += n;
	rec_reader_close(rd);
	*damaged = n < 0;
	return total;
}

static long frames_in(const char *path)
{
	bool damaged;
	long n = recording_frames(path, &damaged, NULL);
	return damaged ? -1 : n;
}

int check_complete_sets(struct store *s, const struct patient *p, struct history *h)
{
	int complete = 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct history_session *hs = &h->sessions[i];
		for (size_t k = 0; k < hs->n_sets; k++) {
			const struct history_set *set = &hs->sets[k];
			if (!set->complete)
				continue;
			char path[PATH_MAX];
			snprintf(path, sizeof path, "%s/%s", store_dir(s), set->recording);
			long frames = frames_in(path);
			if (!set->recording[0] || frames <= 0) {
				fprintf(stderr, "%s: session %lld set %d is complete but its recording '%s' %s\n",
					p->clinic_id, (long long)hs->id, set->set_no, path,
					frames < 0 ? "does not read" : "is empty");
				return -1;
			}
			if (set->target_count > 0 && set->count > set->target_count) {
				fprintf(stderr, "%s: set %d has %d events for a target of %d\n", p->clinic_id, set->set_no,
					set->count, set->target_count);
				return -1;
			}
			complete++;
		}
		if (hs->complete && (int)hs->n_sets < hs->sets_planned) {
			fprintf(stderr, "%s: session %lld complete with %zu of %d sets\n", p->clinic_id, (long long)hs->id,
				hs->n_sets, hs->sets_planned);
			return -1;
		}
	}
	return complete;
}
