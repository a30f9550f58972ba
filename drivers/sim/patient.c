#include "patient.h"

#include <stdio.h>
#include <stdlib.h>

/* Between sets: a session reports a set's last event a few seconds after it; the patient
 * stands that long and a little more, then the rest (or, waiting for the station, on
 * until it starts the next set: until-set, however long its summary, questions and rest
 * take, or as soon as the rest is skipped). */
#define SETTLE_S 3.0
#define MARGIN_S 3.0

static void set_activity(FILE *f, const struct plate_dose *p)
{
	const char *body = p->seated ? "sit" : "stand";
	switch (p->activity) {
	case PLATE_ACTIVITY_NONE:
	case PLATE_ACTIVITY_HEEL_RAISE: {
		/* to the pacer: its phase times, each rep on its beat */
		fprintf(f, "raise count=%d rise=%.2f hold=%.2f lower=%.2f height=50 rest=%.2f beat=%.2f jitter=0.05%s\n",
			p->per_set > 0 ? p->per_set : 10, p->rise_s, p->top_s, p->lower_s, p->bottom_s,
			p->rise_s + p->top_s + p->lower_s + p->bottom_s,
			p->leg < 0 ? " leg=left" : p->leg > 0 ? " leg=right" : ""); /* either: the right */
		break;
	}
	case PLATE_ACTIVITY_HOLD:
		for (int i = 0; i < (p->per_set > 0 ? p->per_set : 1); i++) {
			if (i) /* the rest the screen counts down, and a moment to see it is over */
				fprintf(f, "%s %.1f\n", body, p->rest_each_s > 0 ? p->rest_each_s + 2 : 5);
			if (p->seated)
				fprintf(f, "hold seated seconds=%.1f push=30\n", p->hold_s + 3);
			else
				fprintf(f, "hold standing seconds=%.1f height=45\n", p->hold_s + 3);
		}
		break;
	case PLATE_ACTIVITY_HOP:
		fprintf(f, "hops count=%d flight=0.3 contact=0.22 jitter=0.1\n", p->per_set > 0 ? p->per_set : 10);
		break;
	}
}

char *sim_patient_scenario(const struct plate_dose *p, uint64_t seed)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fprintf(f, "name patient\nmass 72\nseed %llu\nnoise 0.6\nhum 50 1.5\nsway 1.5\n",
		(unsigned long long)(seed % 4294967295u));
	/* weighed standing, then the first set (when the station starts it) */
	fprintf(f, "empty 3\nstep-on 1\nstand 4");
	if (p->seated)
		fprintf(f, "\nsit 3");
	fprintf(f, "%s\n", p->waits ? " until-set=1" : "");
	const char *body = p->seated ? "sit" : "stand";
	for (int set = 1; set <= p->sets; set++) {
		set_activity(f, p);
		/* a patient-paced set ends when the patient has stopped for a while */
		double idle = p->per_set > 0 ? 0 : p->idle_end_s;
		bool rest = set < p->sets;
		fprintf(f, "%s %.1f", body, SETTLE_S + idle + (rest && !p->waits ? p->rest_s : 0) + MARGIN_S);
		if (rest && p->waits)
			fprintf(f, " until-set=%d", set + 1);
		fputc('\n', f);
	}
	fprintf(f, "step-off 1\nempty 2\n");
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
