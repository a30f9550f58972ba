/* pin.h: the physio PIN that guards the physio screens.
 *
 * Kept as a salted hash (crypt(3), yescrypt or the best the system has) in DIR/physio-pin,
 * mode 0600, where DIR is the data directory. There is no default PIN: a missing file on a
 * fresh station means "no PIN yet", and the physio sets one before anything else (on the
 * screen, or `station pin set`); an empty, unreadable or damaged file opens nothing.
 *
 * Wrong PINs are slowed down: after PIN_FREE_TRIES failures in a row each try waits
 * 1 s, doubling with each further failure up to PIN_DELAY_MAX_S. The count and the time of
 * the last failure are kept in DIR/physio-pin-tries (0600), so a restart does not reset
 * them; a failure is counted before the PIN is checked, so a power cut cannot undo it. */
#ifndef STATION_APP_PIN_H
#define STATION_APP_PIN_H

#include <stdbool.h>
#include <time.h>

#define PIN_FILE "physio-pin"
#define PIN_TRIES_FILE "physio-pin-tries"
#define PIN_MIN 4
#define PIN_MAX 8
#define PIN_FREE_TRIES 3
#define PIN_DELAY_MAX_S 600

enum pin_state {
	PIN_NONE,    /* no PIN file: a fresh station, the physio sets a PIN first */
	PIN_SET,
	PIN_DAMAGED, /* the file is there but holds no usable hash: nothing opens */
};

enum pin_result {
	PIN_OK,
	PIN_WRONG,
	PIN_WAIT,     /* too soon after the last failures: not checked, *wait_s says how long */
	PIN_UNUSABLE, /* no usable PIN file, or the try could not be recorded: message in st_errmsg() */
};

enum pin_state pin_state(const char *data_dir);

/* Checks pin (digits) at time now (time(NULL); a parameter for tests), counting the try.
 * With PIN_WRONG, *wait_s is the wait before the next try (0 for the first free tries). */
enum pin_result pin_try(const char *data_dir, const char *pin, time_t now, double *wait_s);

/* Seconds to wait at time now before the next try is taken. */
double pin_wait_s(const char *data_dir, time_t now);

/* The wait after the given number of failures in a row. */
double pin_delay_s(unsigned failures);

/* How long trying every PIN of digits digits takes at the fastest the delays allow
 * (every try but the right one fails), in seconds. */
double pin_exhaust_s(int digits);

/* Sets the PIN: 4 to 8 digits (ST_ERR_ARG otherwise); clears the failure count. */
int pin_set(const char *data_dir, const char *pin);

#endif
