/* store.h: the outcome store, one SQLite database per data directory.
 *
 * DIR/station.db holds patients, sessions, sets, every rep, hold and hop with all its
 * measures, pain answers, red flags, VISA-A scores, phase changes (who and why) and the
 * calibration used; DIR/recordings/ holds the raw recording of every set. Files are
 * mode 0600, folders 0700. DIR is st_data_dir() unless the caller names another.
 *
 * Crash safety: write-ahead log with synchronous=FULL, so a call that returned ST_OK is
 * on the disk (the WAL is fsynced at each commit; NORMAL would keep the database
 * consistent but could lose the last commits on a power cut, and a set the patient was
 * told is saved must stay saved). Each call is one transaction. A session or set is
 * marked complete only by store_session_finish / store_set_finish; one interrupted by a
 * crash stays incomplete, with what was recorded before it.
 *
 * The schema is versioned (PRAGMA user_version) and migrated forward at open; a
 * database newer than this program is refused, as is one failing SQLite's quick_check.
 *
 * Times are unix seconds (UTC); 0 where a time is passed in means "now".
 * One struct store per thread.
 */
#ifndef STATION_STORE_H
#define STATION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "analysis.h"
#include "paths.h"
#include "programme.h"
#include "visa_a.h"

#define STORE_SCHEMA_VERSION 5
#define STORE_DB_NAME ST_DATA_FOLDER_DB
#define STORE_RECORDINGS "recordings"

struct store;

/* Opens (creating if needed) the store in dir, or in st_data_dir() when dir is NULL:
 * checks integrity, migrates an older schema. */
int store_open(const char *dir, struct store **out);
/* As store_open, but a folder that holds no station data (no database, no restore of one
 * under way, no recordings or backups) is refused, and nothing made in it: for what
 * needs the data there (a mistyped --data-dir made an empty store). */
int store_open_existing(const char *dir, struct store **out);
/* As store_open_existing, for reading only: where this user may not write the folder (a
 * copy on read-only media, another user's station), it is read as it is, with no
 * migration, refusing one of another schema version. */
int store_open_to_read(const char *dir, struct store **out);
void store_close(struct store *s);
/* The data directory in use. */
const char *store_dir(const struct store *s);
/* Another connection to s's database, for another thread (one struct store per thread):
 * no check, migration or lock of its own (s's open did them, and s holds the process's
 * lock: close this one first). */
int store_open_again(const struct store *s, struct store **out);
/* The commits the calling thread has made, on any store's connection: which thread
 * writes is part of the design (the screen's never waits on a commit's fsync). */
unsigned long store_thread_commits(void);

/* ---- patients ---- */

enum side { SIDE_LEFT, SIDE_RIGHT, SIDE_BOTH };
const char *side_name(enum side s);              /* "left", "right", "both" */
int side_from_name(const char *name, enum side *out);

#define PATIENT_ID_MAX 64
#define PATIENT_NAME_MAX 128
#define WHO_MAX 64
#define WHY_MAX 1024 /* a decision's reason, bytes with the end */

struct patient {
	int64_t id;                        /* the store's row id */
	char clinic_id[PATIENT_ID_MAX];    /* the clinic's id: letters, digits, . _ - */
	char name[PATIENT_NAME_MAX];       /* name or pseudonym ("" if none) */
	enum side side;                    /* involved side */
	int phase;                         /* current phase, 1..6 */
	time_t created;
	struct dose_override override;     /* the physio's change to exercise and dose */
	char override_by[WHO_MAX];         /* who made it, or set it back to the programme's ("" if none) */
	char override_why[WHY_MAX];        /* ... why */
	time_t override_at;                /* ... and when (0 if never) */
	int64_t decisions;                 /* phase decisions recorded so far */
};

/* Adds a patient; refuses a clinic id in use, or one that reads as one in use
 * (store_patient_alike). */
int store_patient_add(struct store *s, const char *clinic_id, const char *name, enum side side, int phase,
		      int64_t *id);
/* The clinic id in use (into alike, PATIENT_ID_MAX) that clinic_id could be mistaken for:
 * the same but for case, the separators '.', '_' and '-', and leading zeros ("P-4",
 * "p004" and "P-004"). ST_OK when there is one, ST_ERR_NOT_FOUND when none. */
int store_patient_alike(struct store *s, const char *clinic_id, char *alike);
/* ST_ERR_NOT_FOUND with a message naming the id when there is none. */
int store_patient_find(struct store *s, const char *clinic_id, struct patient *out);
/* All patients by clinic id; *out is freed with free(). */
int store_patient_list(struct store *s, struct patient **out, size_t *n);
/* Sets (o) or clears (o NULL) the physio's override; by and why are required. */
int store_patient_override(struct store *s, int64_t patient, const struct dose_override *o, const char *by,
			   const char *why);

/* ---- phase changes: only ever by a named physio with a reason ---- */

enum phase_decision {
	PHASE_SET,        /* the physio's own decision */
	PHASE_CONFIRMED,  /* a suggestion confirmed */
	PHASE_DECLINED,   /* a suggestion declined: recorded, the phase stays */
};
/* Records the decision and (unless declined) moves the patient to to_phase, in one
 * transaction, provided the patient is still as seen (read with store_patient_*): the
 * same phase and no decision since. Else ST_ERR_STATE: two physios confirming and
 * declining one suggestion at once both had it recorded. suggestion: the suggestion's
 * words, or NULL. */
int store_phase_decide(struct store *s, const struct patient *seen, int to_phase, enum phase_decision d,
		       const char *by, const char *why, const char *suggestion);

/* ---- VISA-A ---- */

/* items: the 8 answers' points, each one the published scheme gives (visa_total()), or
 * NULL to record only the total; total 0-100, or -1 to sum the items. */
int store_visa_add(struct store *s, int64_t patient, time_t at, const int *items, int total);
/* The patient's answers as the screen asks them: their points, and item 8's branch (A: in
 * sport without pain, B: in sport with pain, C: kept from sport by the pain), which points
 * alone do not tell (7 is A, B or C). */
int store_visa_add_answers(struct store *s, int64_t patient, time_t at, const struct visa_answers *a);

/* ---- sessions ---- */

struct session_start {
	int64_t patient;
	int phase;
	time_t started;                 /* 0: now */
	int sets_planned;               /* sets of the dose (what "all sets done" means) */
	const char *plate;              /* "usb:SERIAL", "sim:demo" (may be NULL) */
	const char *calibration_serial; /* the calibration in force (may be NULL) */
	const char *calibration_file;
};
int store_session_begin(struct store *s, const struct session_start *b, int64_t *session);

/* Red-flag answers; any true stops the session (the caller ends it with SESSION_RED_FLAG). */
int store_red_flags(struct store *s, int64_t session, bool pop, bool dip, bool cannot_raise);

enum pain_kind {
	PAIN_BEFORE,          /* pain now, at the start */
	PAIN_DAY_AFTER_LAST,  /* how it was the day after the last session */
	PAIN_AFTER_SET,       /* after set set_no */
	PAIN_AFTER,           /* at the end of the session */
};
/* score 0-10, replacing an earlier answer of the same kind (and set), or PAIN_NONE to
 * withdraw it (Back went past the question); set_no only for PAIN_AFTER_SET. */
int store_pain(struct store *s, int64_t session, enum pain_kind kind, int set_no, int score);
/* Pain before was above the limit and the patient was advised not to exercise today:
 * went_on 1 if they exercised anyway, 0 if they stopped there, PAIN_NONE to withdraw the
 * answer (Back went past it). */
int store_pain_gate(struct store *s, int64_t session, int went_on);

/* The sets planned, once today's dose is eased by the day-after pain (fewer sets). */
int store_session_sets_planned(struct store *s, int64_t session, int sets);

enum session_end { SESSION_DONE, SESSION_STOPPED, SESSION_RED_FLAG };
/* Ends a session; only SESSION_DONE marks it complete. ST_ERR_STATE if already ended. */
int store_session_finish(struct store *s, int64_t session, enum session_end end);
/* A session left before anything of it was recorded (no set, no pain score: the patient
 * chose the wrong name) is deleted, as if never begun (*deleted); one with something in it
 * is ended as stopped instead. */
int store_session_discard(struct store *s, int64_t session, bool *deleted);

/* ---- sets ---- */

struct set_start {
	int set_no;                     /* 1, 2, ... within the session (with side, unique) */
	enum ex_kind kind;
	enum side side;                 /* leg(s) working: SIDE_BOTH, or one for single-leg */
	int target_count;               /* reps, holds or hops; 0: patient-paced */
	double target_hold_s;           /* each hold; 0: none */
	double lower_min_s, lower_max_s;/* lowering band; 0, 0: none */
};
int store_set_begin(struct store *s, int64_t session, const struct set_start *b, int64_t *set);
/* The set_start of set set_no of a prescription (programme_prescription()): its kind,
 * the count and hold time it is judged by (the low end of the dose's ranges) and the
 * lowering band; side: the leg(s) working. */
void set_start_for(const struct prog_exercise *e, int set_no, enum side side, struct set_start *out);

/* Where the session writes the set's raw recording, a name never used before:
 * DIR/recordings/set-<set id>-<UTC time>-<random>.rec (the folder exists once the store
 * is open). Set ids start again in a restored database; the name does not, and the
 * recording is created with rec_writer_create(), which never replaces a file. */
int store_recording_path(const struct store *s, int64_t set, char *buf, size_t len);

/* Events as the analysis gives them, appended to the set in one transaction each call. */
int store_add_reps(struct store *s, int64_t set, const struct rep_result *r, size_t n);
int store_add_holds(struct store *s, int64_t set, const struct hold_result *h, size_t n);
int store_add_hops(struct store *s, int64_t set, const struct hop_result *h, size_t n);
/* Names the recording of a set under way (before it is finished), so that a set cut
 * short (the station killed) keeps its recording with it: it stays incomplete, with
 * what was recorded. */
int store_set_recording(struct store *s, int64_t set, const char *recording);

struct set_summary {
	double duration_s;              /* NAN: unknown */
	double body_weight_n;           /* NAN: unknown */
};
/* Ends a set: fsyncs the recording file (written and closed by the caller) and its
 * folder, then in one transaction records the file and marks the set complete.
 * recording NULL: a set without a recording stays incomplete (ST_ERR_ARG). */
int store_set_finish(struct store *s, int64_t set, const struct set_summary *sum, const char *recording);

/* ---- history and outcomes ---- */

struct history_set {
	int64_t id;
	int set_no;
	enum ex_kind kind;
	enum side side;
	bool complete;
	int target_count;
	double target_hold_s, band_min_s, band_max_s;
	int count;                      /* reps, holds or hops recorded */
	int in_band;                    /* reps lowering within the band */
	int lower_unmeasured;           /* reps whose timing was uncertain: in no lowering figure */
	int not_one_leg;                /* timed one-leg reps not done on that foot alone: in no band count */
	double lower_mean_s, lower_min_s, lower_max_s; /* NAN: no reps with a measured lowering */
	int holds_on_target;
	double hold_mean_s, hold_max_s; /* NAN: no holds */
	double share_pct;               /* mean left share of reps or holds; NAN: none */
	double work_j;                  /* sum over reps */
	double height_mm;               /* mean over reps or hops; NAN: none */
	double flight_mean_s, contact_mean_s, rsi_mean; /* hops; NAN: none */
	int pain_after;                 /* PAIN_NONE if not asked */
	char recording[256];            /* relative to the data dir; "" if none */
	int64_t recording_bytes;        /* its size when the set was saved; 0: not known (never ended) */
};

struct history_session {
	int64_t id;
	time_t started, finished;       /* finished 0: never ended (crash or still running) */
	int phase;
	bool complete;
	char ended[16];                 /* "done", "stopped", "red-flag", "" */
	int sets_planned;
	bool red_flag;
	int pain_before, pain_day_after_last, pain_after, pain_during_max; /* PAIN_NONE if not asked */
	int pain_gate_went_on;          /* advised not to exercise: 1 went on, 0 stopped; PAIN_NONE */
	char plate[64], calibration_serial[64];
	struct history_set *sets;
	size_t n_sets;
};

struct history {
	struct history_session *sessions; /* oldest first */
	size_t n;
};

int store_history(struct store *s, int64_t patient, struct history *out);
void history_free(struct history *h);

/* Whether a rep, hold or hop was done in the session: a set begun and left with none
 * done is no exercise to ask about the day after, nor to space the next from
 * (store_last_session). */
bool history_session_exercised(const struct history_session *hs);

/* The time the patient's last session with exercise in it started (0: none), for the
 * every-other-day warning and the day-after question: a visit stopped at the safety
 * questions, or left in its first set before any rep, hold or hop, is not a session to
 * space from or ask about (history_session_exercised). */
int store_last_session(struct store *s, int64_t patient, time_t *started);

/* The answer to the day-after question given in a session of the patient that started
 * after since (the last session with a set: store_last_session), the first such session's
 * (PAIN_NONE: none). It is asked once about a session: a visit that answered it and then
 * did no set leaves the same session the last to ask about. */
int store_day_after_answer(struct store *s, int64_t patient, time_t since, int *score);

/* ST_ERR_STATE, saying what the clock reads and what was saved last, when it reads more
 * than STORE_CLOCK_BEHIND_MAX_S before the patient's newest record (a session's start or
 * end, a pain answer, a phase decision, a VISA-A score, a dose change). Set by hand to a
 * wrong date, or a Pi with no clock battery booted with no network, such a clock would
 * file what is written now before what was done: the last session, the day after, the
 * spacing and the decisions after a red flag would all be read wrong, silently. Per
 * patient: a record dated ahead by a clock once set ahead holds that patient only. */
#define STORE_CLOCK_BEHIND_MAX_S 600
int store_clock_check(struct store *s, int64_t patient);

/* Whether a session of the patient that started at since or later was stopped by a red
 * flag. */
int store_red_flag_since(struct store *s, int64_t patient, time_t since, bool *stopped);

/* The patient of the newest session that started at since or later, ended or not (the
 * station stopped under it: a crash, a power cut); 0: none. */
int store_last_patient(struct store *s, time_t since, int64_t *patient);

/* ---- backups ---- */

#define STORE_BACKUPS "backups"
#define STORE_BACKUPS_KEPT 14 /* days */

/* Copies the database with SQLite's online backup (the station may go on writing) to
 * DIR/backups/station-YYYYMMDD-HHMMSSZ.db (0600 in a 0700 folder), a standalone file
 * checked with integrity_check before it takes its name, and keeps the newest of each of
 * the newest STORE_BACKUPS_KEPT days (backup.c's prune). path (NULL: not wanted) gets the
 * copy's path. */
int store_backup(struct store *s, char *path, size_t len);
/* store_backup() when the newest backup is a day old or more, or there is none;
 * *made says whether one was made. */
int store_backup_if_due(struct store *s, time_t now, bool *made);
/* store_backup_if_due() at station start and session end, on a thread and connection
 * of its own (a year's database takes about half a second here: the screen must not
 * wait); a failure is only reported on stderr (the journal): the station goes on. */
void store_backup_daily(struct store *s);
/* Waits for a daily backup under way (store_close does). */
void store_backup_wait(struct store *s);
/* Makes the database of dir (NULL: st_data_dir()) a copy of file, a station database
 * (a backup) that passes integrity_check; the one it replaces, with its WAL, is moved
 * untouched to DIR/backups/before-restore-YYYYMMDD-HHMMSSZ.db (its path in kept, "" when
 * there was none). Refused with ST_ERR_STATE while any process has the store open (the
 * screen, a session, a command: each holds the folder locked shared), since it would go
 * on writing to the replaced file. The next store_open migrates an older schema. */
int store_restore(const char *dir, const char *file, char *kept, size_t kept_len);

/* ---- export ---- */

/* Writes sessions.csv, sets.csv, events.csv, pain.csv, visa.csv and phase_changes.csv of
 * one patient into dir (created 0700): RFC 4180, a header row, ISO 8601 UTC times,
 * empty fields for missing values. */
int store_export_csv(struct store *s, int64_t patient, const char *dir);

#endif
