#include "plate_driver.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOG_PREFIX "plate"
#include "log.h"

static const struct plate_driver *const drivers[] = {
	&plate_driver_sim,
	&plate_driver_replay,
	&plate_driver_usb,
};
#define N_DRIVERS (sizeof drivers / sizeof drivers[0])

uint64_t plate_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void plate_pacer_start(struct plate_pacer *pc, unsigned rate_hz)
{
	pc->start_ns = plate_now_ns();
	pc->rate_hz = rate_hz;
}

uint64_t plate_pacer_due(const struct plate_pacer *pc)
{
	uint64_t elapsed = plate_now_ns() - pc->start_ns;
	return (uint64_t)((double)elapsed * pc->rate_hz / 1e9) + 1;
}

void plate_pacer_wait(const struct plate_pacer *pc, uint64_t index, int timeout_ms)
{
	double wait_s = (double)index / pc->rate_hz - (double)(plate_now_ns() - pc->start_ns) / 1e9;
	if (wait_s > timeout_ms / 1000.0)
		wait_s = timeout_ms / 1000.0;
	if (wait_s <= 0)
		return;
	struct timespec ts = { (time_t)wait_s, (long)((wait_s - (double)(time_t)wait_s) * 1e9) };
	nanosleep(&ts, NULL);
}

bool plate_counts_saturated(const int32_t counts[PLATE_CHANNELS])
{
	for (int c = 0; c < PLATE_CHANNELS; c++)
		if (counts[c] >= PLATE_ADC_MAX || counts[c] <= PLATE_ADC_MIN)
			return true;
	return false;
}

void plate_info_defaults(struct plate_info *info)
{
	info->protocol_version = 1;
	info->channel_count = PLATE_CHANNELS;
	info->adc_bits = 24;
}

int plate_list(struct plate_listing *out, size_t max, size_t *count)
{
	*count = 0;
	for (size_t i = 0; i < N_DRIVERS; i++) {
		if (!drivers[i]->list)
			continue;
		int rc = drivers[i]->list(out, max, count);
		if (rc < 0)
			return rc;
	}
	return ST_OK;
}

/* The driver that spec names ("sim", "sim:...", "usb:..."), with the rest after its ':'. */
static const struct plate_driver *driver_of(const char *spec, const char **rest)
{
	if (!spec || !*spec) {
		st_fail(ST_ERR_ARG, "no plate given (try sim, replay:FILE or usb)");
		return NULL;
	}
	const char *colon = strchr(spec, ':');
	size_t name_len = colon ? (size_t)(colon - spec) : strlen(spec);
	*rest = colon ? colon + 1 : "";
	for (size_t i = 0; i < N_DRIVERS; i++)
		if (strlen(drivers[i]->name) == name_len && strncmp(drivers[i]->name, spec, name_len) == 0)
			return drivers[i];
	st_fail(ST_ERR_ARG, "unknown plate '%s' (known: sim[:SCENARIO], replay:FILE, usb[:SERIAL])", spec);
	return NULL;
}

int plate_spec_check(const char *spec)
{
	const char *rest;
	return driver_of(spec, &rest) ? ST_OK : ST_ERR_ARG;
}

int plate_open(const char *spec, const struct plate_options *opt, struct plate **out)
{
	static const struct plate_options defaults = { 0 };
	*out = NULL;
	const char *rest;
	const struct plate_driver *d = driver_of(spec, &rest);
	if (!d)
		return ST_ERR_ARG;
	int rc = d->open(rest, opt ? opt : &defaults, out);
	if (rc == ST_OK)
		log_info("%s connected (serial %s)", (*out)->info.name, (*out)->info.serial);
	return rc;
}

const struct plate_info *plate_get_info(const struct plate *p)
{
	return &p->info;
}

unsigned plate_rate(const struct plate *p)
{
	return p->rate_hz;
}

int plate_start(struct plate *p, unsigned rate_hz, plate_frame_fn fn, void *user)
{
	if (p->started)
		return st_fail(ST_ERR_STATE, "%s: already started", p->info.name);
	if (!fn)
		return st_fail(ST_ERR_ARG, "%s: no frame callback", p->info.name);
	if (rate_hz == 0)
		rate_hz = p->info.default_rate_hz;
	if (rate_hz < p->info.min_rate_hz || rate_hz > p->info.max_rate_hz)
		return st_fail(ST_ERR_ARG, "%s: rate %u Hz outside the plate's range %u-%u Hz", p->info.name,
			       rate_hz, p->info.min_rate_hz, p->info.max_rate_hz);
	p->fn = fn;
	p->user = user;
	p->rate_hz = rate_hz;
	int rc = p->ops->start(p, rate_hz);
	if (rc != ST_OK)
		return rc;
	p->started = true;
	if (p->away)
		log_info("%s is back (serial %s): streaming again at %u Hz", p->info.name, p->info.serial, rate_hz);
	else
		log_debug("%s streaming at %u Hz", p->info.name, rate_hz);
	p->away = false;
	return ST_OK;
}

int plate_poll(struct plate *p, int timeout_ms)
{
	if (!p->started)
		return st_fail(ST_ERR_STATE, "%s: poll before start", p->info.name);
	int rc = p->ops->poll(p, timeout_ms);
	if (rc == ST_ERR_GONE && !p->away) {
		p->away = true;
		log_warning("%s disconnected (serial %s)", p->info.name, p->info.serial);
	}
	return rc;
}

void plate_log_counters(struct plate *p)
{
	if (p->ops->log_counters)
		p->ops->log_counters(p);
}

int plate_stop(struct plate *p)
{
	if (!p->started)
		return ST_OK;
	p->started = false;
	return p->ops->stop(p);
}

void plate_close(struct plate *p)
{
	if (!p)
		return;
	plate_stop(p);
	log_debug("%s closed", p->info.name);
	free(p->embedded_calibration);
	p->ops->destroy(p);
}

const char *plate_embedded_calibration(const struct plate *p)
{
	return p->embedded_calibration;
}

bool plate_exact_cells(const struct plate *p, struct plate_cell *out)
{
	if (p->has_exact_cells)
		memcpy(out, p->exact_cells, sizeof p->exact_cells);
	return p->has_exact_cells;
}

const struct plate_answers *plate_scripted_answers(const struct plate *p)
{
	return p->answers;
}

void plate_cue_set(struct plate *p, int set_number)
{
	if (p->ops->cue_set)
		p->ops->cue_set(p, set_number);
}

char *plate_truth_json(const struct plate *p)
{
	if (!p->ops->truth_json) {
		st_fail(ST_ERR_ARG, "%s: ground truth exists only for simulated plates", p->info.name);
		return NULL;
	}
	return p->ops->truth_json(p);
}

uint64_t plate_clock_advance(struct plate_clock *c, const struct plate_frame *f)
{
	if (f->flags & PLATE_FRAME_GONE)
		return c->index;
	if (!c->started) {
		c->started = true;
		c->index = 0;
	} else {
		c->index += 1 + (uint64_t)f->lost_before;
	}
	return c->index;
}
