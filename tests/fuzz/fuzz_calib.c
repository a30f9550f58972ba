/* fuzz_calib: calib_from_json on arbitrary bytes. Besides not crashing or leaking, a file
 * that parses must hold a usable calibration (finite, plausible gains) and survive being
 * written and read again. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct calibration cal, again;
	if (calib_from_json(text, "fuzz.json", &cal) == ST_OK) {
		for (int c = 0; c < PLATE_CHANNELS; c++)
			if (!(cal.ch[c].newtons_per_count > 0) || !isfinite(cal.ch[c].zero_counts) || !cal.serial[0])
				abort();
		if (cal.version != 1 && cal.version != 2)
			abort();
		char *json = calib_to_json(&cal);
		if (!json || calib_from_json(json, "again.json", &again) != ST_OK || strcmp(again.serial, cal.serial) != 0 ||
		    again.rec.have_record != cal.rec.have_record)
			abort();
		free(json);
	}
	free(text);
	return 0;
}
