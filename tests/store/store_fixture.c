/* store_fixture.c: fills a data folder with a patient's history for the CLI tests:
 *   store_fixture DIR ID           history_fixture_fill
 *   store_fixture DIR ID HOP_ID    history_fixture_review (VISA-A, a decision, a hop patient)
 * (history_fixture.h says what they hold). */
#include <stdio.h>

#include "history_fixture.h"
#include "status.h"

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: store_fixture DIR ID [HOP_ID]\n");
		return 2;
	}
	struct store *s;
	int rc = store_open(argv[1], &s);
	if (rc == ST_OK) {
		rc = argc == 4 ? history_fixture_review(s, argv[2], argv[3]) : history_fixture_fill(s, argv[2]);
		store_close(s);
	}
	if (rc != ST_OK)
		fprintf(stderr, "store_fixture: %s\n", st_errmsg());
	return rc == ST_OK ? 0 : 1;
}
