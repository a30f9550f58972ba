/* safe_file.h: how the station writes a file it replaces whole (a PIN, a calibration, the
 * FFTW wisdom, an export, a converted recording).
 *
 * The new content goes into a temporary file beside the target, created 0600 whatever the
 * umask, with O_EXCL|O_NOFOLLOW (never through a symlink someone left there); it is synced,
 * renamed over the target (a symlink at the target is replaced, not followed) and the
 * folder is synced. A failure or a power cut at any point leaves the old file as it was.
 */
#ifndef STATION_SAFE_FILE_H
#define STATION_SAFE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct safe_file {
	char *path; /* the target */
	char *tmp;  /* the temporary beside it */
	int fd;     /* open on tmp, for writing; -1 once closed */
};

/* Creates the temporary for path; sf->fd is open on it. On failure nothing is left. A
 * path that is (or links to) something other than a regular file is refused (ST_ERR_ARG).
 * Temporaries of path left by a writer that was killed (its process gone) are removed. */
int safe_file_begin(const char *path, struct safe_file *sf);

/* Syncs and closes sf->fd (a caller that handed the descriptor to a writer which synced and
 * closed it sets sf->fd to -1 first), renames the temporary over the target and syncs the
 * folder. On failure the temporary is removed. Frees sf's names either way. */
int safe_file_commit(struct safe_file *sf);

/* Closes and removes the temporary: the target stays as it was. */
void safe_file_abort(struct safe_file *sf);

/* safe_file_begin() with a stdio stream *out on the temporary; on failure nothing is left. */
int safe_file_open_stream(const char *path, struct safe_file *sf, FILE **out);

/* Ends a stream from safe_file_open_stream(): flushes and closes f, then commits when rc
 * is ST_OK and no write failed, else removes the temporary. Returns rc or the failure. */
int safe_file_close_stream(struct safe_file *sf, FILE *f, int rc);
/* The same without the commit: on success the temporary is whole and synced, for
 * safe_file_commit() (or safe_file_abort()) once its companions are too. */
int safe_file_end_stream(struct safe_file *sf, FILE *f, int rc);

/* Whether no process has this id: what a killed writer left under its id is stale. */
bool st_process_gone(long pid);

/* fsyncs the folder itself (so the names in it survive a power cut), naming it on failure. */
int st_sync_folder(const char *folder);

/* Replaces path with the len bytes at data, as above. */
int safe_file_write(const char *path, const void *data, size_t len);

/* Opens path for reading as a stdio stream only if it is (or links to) a regular file: a
 * FIFO or a device planted in the data folder would hang the reader or feed it forever.
 * Fails with ST_ERR_NOT_FOUND when there is no such file, ST_ERR_DATA for another kind of
 * file, ST_ERR_IO otherwise, naming path. */
int st_fopen_regular(const char *path, FILE **out);

/* ST_ERR_ARG when output names the file input names (same device and inode, so also
 * through a symlink or a hard link): writing it would destroy what is being read. */
int safe_file_distinct(const char *input, const char *output);

#endif
