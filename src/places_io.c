/*
 * places_io.c
 *		A small parser for the text forms of apportion_state and
 *		morans_i_state: braces, "key:value" lists, integers and finite
 *		float8s written as float8out writes them.  Every error is 22P02 with
 *		the whole input quoted and a detail naming what was expected.
 */
#include "places.h"

#include <ctype.h>
#include <math.h>

#include "utils/float.h"

void
InvalidInput(const char *type_name, const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", type_name, input),
			 errdetail("%s", detail)));
}

void
ParserInit(TextParser *ps, const char *input, const char *type_name)
{
	ps->input = input;
	ps->p = input;
	ps->type_name = type_name;
}

static void
SkipSpace(TextParser *ps)
{
	while (isspace((unsigned char) *ps->p))
		ps->p++;
}

/* Whether the next character (after blanks) is c; consumed if so. */
bool
ParserPeek(TextParser *ps, char c)
{
	SkipSpace(ps);
	if (*ps->p != c)
		return false;
	ps->p++;
	return true;
}

void
ParserExpect(TextParser *ps, const char *token)
{
	size_t		len = strlen(token);

	SkipSpace(ps);
	if (strncmp(ps->p, token, len) != 0)
		InvalidInput(ps->type_name, ps->input,
					 psprintf("Expected \"%s\" at \"%s\".", token, *ps->p ? ps->p : "the end"));
	ps->p += len;
}

int64
ParserInt64(TextParser *ps)
{
	char	   *end;
	int64		value;

	SkipSpace(ps);
	if (!isdigit((unsigned char) *ps->p) && *ps->p != '-')
		InvalidInput(ps->type_name, ps->input,
					 psprintf("Expected an integer at \"%s\".", *ps->p ? ps->p : "the end"));
	errno = 0;
	value = strtoi64(ps->p, &end, 10);
	if (errno != 0 || end == ps->p)
		InvalidInput(ps->type_name, ps->input,
					 psprintf("Expected an integer at \"%s\".", ps->p));
	ps->p = end;
	return value;
}

double
ParserFloat8(TextParser *ps)
{
	char	   *end;
	double		value;

	SkipSpace(ps);
	if (!isalnum((unsigned char) *ps->p) && *ps->p != '-' && *ps->p != '+' && *ps->p != '.')
		InvalidInput(ps->type_name, ps->input,
					 psprintf("Expected a number at \"%s\".", *ps->p ? ps->p : "the end"));
	value = compat_float8in((char *) ps->p, &end, ps->type_name, ps->input);
	if (!isfinite(value))
		InvalidInput(ps->type_name, ps->input, "Values must be finite numbers.");
	ps->p = end;
	return value;
}

void
ParserEnd(TextParser *ps)
{
	SkipSpace(ps);
	if (*ps->p != '\0')
		InvalidInput(ps->type_name, ps->input, psprintf("Junk after the end: \"%s\".", ps->p));
}
