/* out_file.h: a file the report writes whole (a PDF, a PNG): into a temporary beside it,
 * created 0600, then synced and renamed over the target, so a failure leaves no half file
 * and the old one as it was. cairo writes into it through out_file_write.
 *
 * Minimal on purpose: station/common/safe_file.h (being written beside this) does the
 * same for the whole station; this moves onto it once it is in main. */
#ifndef STATION_OUT_FILE_H
#define STATION_OUT_FILE_H

#include <cairo.h>
#include <limits.h>

struct out_file {
	char path[PATH_MAX];
	char tmp[PATH_MAX];
	int fd;
	int write_errno; /* the first write error, 0: none */
};

/* Creates the temporary for path; ST_ERR_ACCESS / ST_ERR_IO naming path when it cannot. */
int out_file_begin(const char *path, struct out_file *f);
/* cairo's write callback; closure is the struct out_file. */
cairo_status_t out_file_write(void *closure, const unsigned char *data, unsigned int len);
/* Syncs, closes and renames the temporary over the target; on failure removes it. */
int out_file_commit(struct out_file *f);
/* Closes and removes the temporary. */
void out_file_abort(struct out_file *f);

#endif
