#include "store_clock.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>

bool store_sessions_a_day_earlier(const char *data_dir)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/station.db", data_dir);
	sqlite3 *db;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK &&
		  sqlite3_exec(db, "UPDATE sessions SET started_at = started_at - 86400, finished_at = finished_at - 86400",
			       NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
	sqlite3_close(db);
	return ok;
}
