/* store_fixture.c: fills a data folder with a patient's history for the CLI test:
 *   store_fixture DIR ID
 * (history_fixture.h says what it holds). */
#include <stdio.h>

#include "history_fixture.h"
#include "status.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: store_fixture DIR ID\n");
		return 2;
	}
	struct store *s;
	int rc = store_open(argv[1], &s);
	if (rc == ST_OK) {
		rc = history_fixture_fill(s, argv[2]);
		store_close(s);
	}
	if (rc != ST_OK)
		fprintf(stderr, "store_fixture: %s\n", st_errmsg());
	return rc == ST_OK ? 0 : 1;
}
