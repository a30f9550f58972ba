/* physio_login.c: who is deciding. After the PIN each physio picks their name from the
 * station's list (physio_names.h) or adds it on letter keys; decisions are recorded with
 * it. The PIN is changed from here too (typed twice). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "physio_side.h"
#include "status.h"

#define NAME_ROWS (VIEW_MAX_LIST - 1) /* the last row changes the PIN */
#define MORE_NAMES "More names"

void physio_login_open(struct physio_side *ph, const struct clinic *c)
{
	struct physio_login *l = &ph->login;
	memset(l, 0, sizeof *l);
	ph->who[0] = '\0';
	ph->screen = PHYSIO_WHO;
	if (physio_names_load(c->data_dir, &l->names) != ST_OK)
		snprintf(l->message, sizeof l->message, "%s", st_errmsg());
}

static void chosen(struct physio_side *ph, struct clinic *c, const char *name)
{
	snprintf(ph->who, sizeof ph->who, "%s", name);
	physio_open_list(ph, c);
}

/* A letter key: capitals start words (also after "O'"), the rest lower case; "Aa" flips
 * the next letter's case ("McKay", "van"). */
static void type_char(struct physio_login *l, int ch)
{
	size_t len = strlen(l->typed);
	if (ch == VIEW_KEY_CASE) {
		l->other_case = !l->other_case;
		return;
	}
	if (len + 1 >= sizeof l->typed || ch < ' ' || ch > '~')
		return;
	const char *t = l->typed;
	bool word_start = len == 0 || t[len - 1] == ' ' || t[len - 1] == '-' ||
			  (t[len - 1] == '\'' && len >= 2 && isalpha((unsigned char)t[len - 2]) &&
			   (len == 2 || !isalpha((unsigned char)t[len - 3])));
	if (ch >= 'A' && ch <= 'Z') {
		if (word_start == l->other_case)
			ch += 'a' - 'A';
		l->other_case = false;
	}
	if (ch == ' ' && (len == 0 || l->typed[len - 1] == ' '))
		return;
	l->typed[len] = (char)ch;
	l->typed[len + 1] = '\0';
	l->message[0] = '\0';
}

static int name_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
{
	struct physio_login *l = &ph->login;
	size_t len = strlen(l->typed);
	if (act->kind == UI_ACT_SELECT) {
		type_char(l, act->index);
	} else if (act->kind == UI_ACT_DELETE && len) {
		l->typed[len - 1] = '\0';
	} else if (act->kind == UI_ACT_BACK) {
		l->message[0] = '\0';
		ph->screen = PHYSIO_WHO;
	} else if (act->kind == UI_ACT_NEXT) {
		int rc = physio_names_add(c->data_dir, &l->names, l->typed);
		if (rc != ST_OK) {
			snprintf(l->message, sizeof l->message, "Not added: %s", st_errmsg());
			return rc;
		}
		chosen(ph, c, l->names.names[l->names.n - 1]);
	}
	return ST_OK;
}

int physio_login_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
{
	struct physio_login *l = &ph->login;
	if (ph->screen == PHYSIO_NAME)
		return name_act(ph, c, act);
	if (ph->screen == PHYSIO_PIN) {
		switch (pin_pad_act(&l->pad, c->data_dir, act)) {
		case PIN_PAD_OPENED:
			l->pin_changed = true;
			/* fall through */
		case PIN_PAD_BACK:
			ph->screen = PHYSIO_WHO;
			break;
		case PIN_PAD_STAY:
			break;
		}
		return ST_OK;
	}
	bool more;
	int rows = list_page(l->names.n, l->page, NAME_ROWS, &more);
	if (act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT) {
		ph->screen = PHYSIO_CLOSED;
	} else if (act->kind == UI_ACT_NEXT) {
		l->typed[0] = l->message[0] = '\0';
		l->other_case = false;
		ph->screen = PHYSIO_NAME;
	} else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < rows) {
		chosen(ph, c, l->names.names[l->page + act->index]);
	} else if (act->kind == UI_ACT_SELECT && more && act->index == rows) {
		l->page = list_next_page(l->names.n, l->page, NAME_ROWS);
	} else if (act->kind == UI_ACT_SELECT && act->index == rows + more) {
		pin_pad_open_change(&l->pad);
		ph->screen = PHYSIO_PIN;
	}
	return ST_OK;
}

void physio_login_view(struct physio_side *ph, struct screen_view *out)
{
	struct physio_login *l = &ph->login;
	if (ph->screen == PHYSIO_NAME) {
		out->id = SCREEN_KEYBOARD;
		out->keyboard = (struct view_keyboard){ .title = "Add your name", .text = l->typed,
							.message = l->message[0] ? l->message : NULL,
							.other_case = l->other_case };
		return;
	}
	if (ph->screen == PHYSIO_PIN) {
		out->id = SCREEN_PIN;
		pin_pad_view(&l->pad, &out->pin);
		return;
	}
	struct view_patient_list *v = &out->patients;
	out->id = SCREEN_PATIENT_LIST;
	*v = (struct view_patient_list){ .title = "Your name", .add = "Add name" };
	bool more;
	int rows = list_page(l->names.n, l->page, NAME_ROWS, &more);
	for (int i = 0; i < rows; i++)
		v->rows[v->n++].name = l->names.names[l->page + i];
	if (more)
		v->rows[v->n++].name = MORE_NAMES;
	v->rows[v->n].name = "Change the PIN";
	v->rows[v->n++].detail = l->pin_changed ? "PIN changed" : l->message[0] ? l->message : "for every physio";
}
