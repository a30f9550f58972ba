/* clinic.h: what both sides of the app share, below them: the store, the programme, the
 * data folder and the clinic's patients (the list, its pages, a patient's suggestion).
 * The app shell (app.c) owns one; the patient session side (session_side.h) and the
 * physio side (physio_side.h) borrow it for a call. */
#ifndef STATION_APP_CLINIC_H
#define STATION_APP_CLINIC_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "programme.h"
#include "progression.h"
#include "store.h"

#define MORE_PATIENTS "More patients" /* the last row of a list page when more follow */
#define SHOWN_NAME_MAX (48 + PATIENT_ID_MAX + 3) /* a first name and initial, and " (clinic id)" */

struct clinic {
	struct app_params params;  /* params.data_dir points at data_dir */
	char data_dir[4096];
	struct store *store;
	struct programme prog;     /* the clinical thresholds the screens judge by */
	struct patient *patients;  /* by clinic id */
	char (*shown)[SHOWN_NAME_MAX]; /* each patient's name as the patients' side shows it
				    * (clinic_shown_name), made when the patients are read */
	size_t n_patients;
};

/* Opens the store and the programme and reads the patients; on failure nothing is left
 * open. */
int clinic_open(const struct app_params *p, struct clinic *c);
void clinic_close(struct clinic *c);
/* Reads the patients again (added or changed since). */
int clinic_load_patients(struct clinic *c);

/* A page of a list of n entries shown rows at a time from entry first: how many entries
 * it shows, and whether a last row turns the page (when they do not all fit); the
 * page after it (back to the first after the last). */
int list_page(size_t n, int first, int rows, bool *more);
int list_next_page(size_t n, int first, int rows);

/* The patients on a page of a list screen starting at patient first: how many rows, and
 * whether a last row "More patients" turns the page (when they do not all fit). */
int clinic_page(const struct clinic *c, int first, bool *more);
/* The page after the one starting at first (back to the first after the last). */
int clinic_next_page(const struct clinic *c, int first);

/* The patient's history and the suggestion it gives now (h to be freed on ST_OK). */
int clinic_suggest(const struct clinic *c, const struct patient *p, struct history *h, struct suggestion *out);

const char *patient_label(const struct patient *p); /* name, or clinic id */
/* What the patients' side shows of patient p (one of c->patients) before any PIN, as the
 * programme says (enum names_shown): first name and initial ("Ann E."), or the clinic
 * number; a patient without a name shows the clinic number, and two shown alike are
 * told apart by it ("Ann E. (P-12)"). */
const char *clinic_shown_name(const struct clinic *c, const struct patient *p);
/* A suggestion's verdict in words: "Suggest phase 3 (physio to confirm)" to the patient,
 * "Suggest phase 3" on the physio's screen, beside the Confirm button. */
void suggestion_words(const struct suggestion *s, bool to_patient, char *buf, size_t len);

#endif
