/* pin_pad.c: the PIN pad's states (pin_pad.h); the PIN itself and its waits are pin.c's. */
#include "pin_pad.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

void pin_pad_open(struct pin_pad *pad, const char *data_dir, size_t n_patients)
{
	memset(pad, 0, sizeof *pad);
	enum pin_state st = pin_state(data_dir);
	if (st == PIN_SET) {
		pad->entry = PIN_ENTER;
		pad->retry_at = time(NULL) + (time_t)ceil(pin_wait_s(data_dir, time(NULL)));
	} else if (st == PIN_NONE && n_patients == 0) {
		pad->entry = PIN_NEW;
	} else {
		pad->entry = PIN_LOCKED;
		snprintf(pad->message, sizeof pad->message, "%s",
			 st == PIN_NONE ? "No PIN yet: use 'station pin set'" : "PIN file damaged: use 'station pin set'");
	}
}

void pin_pad_open_change(struct pin_pad *pad)
{
	memset(pad, 0, sizeof *pad);
	pad->entry = PIN_NEW;
	pad->changing = true;
}

/* The PIN typed in full (pad->digits, NUL-terminated). */
static enum pin_pad_outcome entered(struct pin_pad *pad, const char *data_dir)
{
	double wait = 0;
	switch (pad->entry) {
	case PIN_ENTER:
		switch (pin_try(data_dir, pad->digits, time(NULL), &wait)) {
		case PIN_OK:
			return PIN_PAD_OPENED;
		case PIN_WRONG:
			pad->wrong = true;
			break;
		case PIN_WAIT:
			break;
		case PIN_UNUSABLE:
			snprintf(pad->message, sizeof pad->message, "%s", st_errmsg());
			break;
		}
		pad->retry_at = time(NULL) + (time_t)ceil(wait);
		return PIN_PAD_STAY;
	case PIN_NEW:
		if (strlen(pad->digits) < PIN_MIN) {
			snprintf(pad->message, sizeof pad->message, "A PIN has %d to %d digits", PIN_MIN, PIN_MAX);
			return PIN_PAD_STAY;
		}
		memcpy(pad->first, pad->digits, sizeof pad->first);
		pad->entry = PIN_REPEAT;
		return PIN_PAD_STAY;
	case PIN_REPEAT: {
		bool same = strcmp(pad->digits, pad->first) == 0;
		int rc = same ? pin_set(data_dir, pad->digits) : ST_ERR_ARG;
		memset(pad->first, 0, sizeof pad->first);
		if (rc == ST_OK)
			return PIN_PAD_OPENED;
		pad->entry = PIN_NEW;
		snprintf(pad->message, sizeof pad->message, "%s",
			 same ? st_errmsg() : "The two PINs differ: choose one again");
		return PIN_PAD_STAY;
	}
	case PIN_LOCKED:
		break;
	}
	return PIN_PAD_STAY;
}

enum pin_pad_outcome pin_pad_act(struct pin_pad *pad, const char *data_dir, const struct ui_action *act)
{
	if (act->kind == UI_ACT_DIGIT && act->index >= 0 && act->index <= 9 && pad->len < PIN_MAX &&
	    pad->entry != PIN_LOCKED) {
		pad->digits[pad->len++] = (char)('0' + act->index);
		pad->wrong = false;
		if (pad->entry != PIN_ENTER)
			pad->message[0] = '\0';
	} else if (act->kind == UI_ACT_DELETE && pad->len > 0) {
		pad->len--;
	} else if (act->kind == UI_ACT_BACK) {
		memset(pad->first, 0, sizeof pad->first);
		return PIN_PAD_BACK;
	} else if (act->kind == UI_ACT_NEXT) {
		pad->digits[pad->len] = '\0';
		enum pin_pad_outcome out = entered(pad, data_dir);
		memset(pad->digits, 0, sizeof pad->digits);
		pad->len = 0;
		return out;
	}
	return PIN_PAD_STAY;
}

void pin_pad_view(struct pin_pad *pad, struct view_pin *v)
{
	static const char *const prompts[] = {
		[PIN_ENTER] = "Physio PIN", [PIN_NEW] = "Choose a physio PIN",
		[PIN_REPEAT] = "Type the new PIN again", [PIN_LOCKED] = "Physio PIN",
	};
	*v = (struct view_pin){ .prompt = prompts[pad->entry], .entered = pad->len,
				.length = pad->len > PIN_MIN ? pad->len : PIN_MIN, .wrong = pad->wrong };
	if (pad->entry == PIN_NEW)
		v->hint = pad->changing ? "The new PIN for every physio: 4 to 8 digits" : "First use: no PIN yet. 4 to 8 digits";
	time_t now = time(NULL);
	v->message = pad->message[0] ? pad->message : NULL;
	if (pad->entry == PIN_ENTER && now < pad->retry_at) {
		snprintf(pad->wait_text, sizeof pad->wait_text, "%s: wait %lld s",
			 pad->wrong ? "Wrong PIN" : "Wrong PINs", (long long)(pad->retry_at - now));
		v->message = pad->wait_text;
	}
}
