#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dsp.h"
#include "paths.h"
#include "status.h"

volatile sig_atomic_t cli_stop_requested;

/* Whether text is a plain decimal number, "-12.5" (strtod also takes "0x10", "1e2",
 * "inf" and leading spaces: a VISA-A total typed as 0x10 was recorded as 16). */
static bool plain_decimal(const char *text)
{
	const char *p = text + (*text == '-' || *text == '+');
	size_t digits = strspn(p, "0123456789");
	p += digits;
	if (*p == '.') {
		size_t frac = strspn(p + 1, "0123456789");
		digits += frac;
		p += 1 + frac;
	}
	return digits > 0 && *p == '\0';
}

bool cli_number(const char *cmd, const char *opt, const char *text, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (!plain_decimal(text) || end == text || *end || errno || !isfinite(v) || v < lo || v > hi) {
		fprintf(stderr, "station %s: %s wants a number from %g to %g, not '%s'\n", cmd, opt, lo, hi, text);
		return false;
	}
	*out = v;
	return true;
}

bool cli_parse_size(const char *text, int *w, int *h)
{
	int n = -1;
	return sscanf(text, "%dx%d%n", w, h, &n) == 2 && n == (int)strlen(text);
}

bool cli_size(const char *cmd, const char *text, int min_w, int min_h, int *w, int *h)
{
	if (!cli_parse_size(text, w, h) || *w < min_w || *h < min_h || *w > 8000 || *h > 8000) {
		fprintf(stderr, "station %s: --size wants WIDTHxHEIGHT in pixels, %dx%d to 8000x8000, not '%s'\n", cmd, min_w,
			min_h, text);
		return false;
	}
	return true;
}

static void on_stop_signal(int sig)
{
	(void)sig;
	cli_stop_requested = 1;
}

void cli_catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void cli_report_failure(const char *cmd)
{
	fprintf(stderr, "station %s: %s\n", cmd, *st_errmsg() ? st_errmsg() : "failed");
}

int cli_dsp_init(const char *data_dir)
{
	char wisdom[4096], db[4096 + 16];
	bool have_dir = data_dir ? strlen(data_dir) < sizeof wisdom - 16 : st_data_dir(wisdom, sizeof wisdom - 16, 0) == ST_OK;
	if (have_dir && data_dir)
		snprintf(wisdom, sizeof wisdom, "%s", data_dir);
	/* kept only in a data folder that holds the station's data: nothing is made in one
	 * mistyped (the store is not made there either), and a first start plans afresh */
	if (have_dir)
		snprintf(db, sizeof db, "%s/%s", wisdom, ST_DATA_FOLDER_DB);
	have_dir = have_dir && access(db, F_OK) == 0;
	if (have_dir)
		strcat(wisdom, "/fftw-wisdom");
	return dsp_init(have_dir ? wisdom : NULL);
}
