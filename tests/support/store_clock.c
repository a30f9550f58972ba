#include "store_clock.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>

bool store_sessions_shifted(const char *data_dir, long seconds)
{
	char path[PATH_MAX + 16], sql[160];
	snprintf(path, sizeof path, "%s/station.db", data_dir);
	snprintf(sql, sizeof sql, "UPDATE sessions SET started_at = started_at + %ld, finished_at = finished_at + %ld",
		 seconds, seconds);
	sqlite3 *db;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
	sqlite3_close(db);
	return ok;
}

bool store_sessions_a_day_earlier(const char *data_dir)
{
	return store_sessions_shifted(data_dir, -86400);
}
