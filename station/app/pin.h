/* pin.h: the physio PIN that guards the physio screens.
 *
 * Kept as a salted hash (crypt(3), yescrypt or the best the system has) in DIR/physio-pin,
 * mode 0600, where DIR is the data directory. Until one is set the PIN is PIN_DEFAULT
 * ("1234"), and the physio screens say so; `station pin set` sets it. */
#ifndef STATION_APP_PIN_H
#define STATION_APP_PIN_H

#include <stdbool.h>

#define PIN_FILE "physio-pin"
#define PIN_DEFAULT "1234"
#define PIN_MIN 4
#define PIN_MAX 8

/* Whether pin (digits) is the physio PIN of data_dir. */
bool pin_check(const char *data_dir, const char *pin);
/* Sets the PIN: 4 to 8 digits (ST_ERR_ARG otherwise). */
int pin_set(const char *data_dir, const char *pin);
/* Whether a PIN was set (false: the default is in force). */
bool pin_is_set(const char *data_dir);

#endif
