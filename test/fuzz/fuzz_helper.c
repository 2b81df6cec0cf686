/*
 * fuzz_helper.c
 *		Test-only helpers for the fuzz suite (test/suites/20_fuzz.sh); not part
 *		of the extension.  Built at test time and loaded by absolute path.
 *
 * fuzz_text(bytes, type) calls the type's input function on the bytes, as a
 * cast from text does; fuzz_recv(bytes, type) calls its receive function, as
 * the server does for a binary COPY field or a binary bind parameter
 * (including the check that every byte was consumed).  Both then check that
 * the value round-trips (text -> value -> text -> value, and send -> receive)
 * and return its text output.  A round-trip failure raises SQLSTATE RT001,
 * and an error message that is not valid text in the database encoding
 * (although the input was) RT002: no type documents them, so the fuzz suite
 * reports them as bugs.  Other errors pass through unchanged.
 *
 * The input is copied into a malloc'd buffer of exactly its size (plus the
 * terminating NUL the server guarantees): palloc rounds chunks up, so only an
 * exact buffer lets AddressSanitizer see a read past the end.  It is freed on
 * every path.
 */
#include "postgres.h"

#include <stdlib.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

PG_MODULE_MAGIC;

#define ERRCODE_FUZZ_ROUND_TRIP		MAKE_SQLSTATE('R','T','0','0','1')
#define ERRCODE_FUZZ_BAD_MESSAGE	MAKE_SQLSTATE('R','T','0','0','2')

/* A malloc'd copy of len bytes plus a NUL, or an error. */
static char *
ExactCopy(const char *data, int len)
{
	char	   *copy = malloc(len + 1);

	if (copy == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("fuzz helper: out of memory")));
	memcpy(copy, data, len);
	copy[len] = '\0';
	return copy;
}

static bool
ValidText(const char *s)
{
	return s == NULL || pg_verifymbstr(s, strlen(s), true);
}

/*
 * Re-raise the error being handled, unless its message is not valid in the
 * database encoding although the input was: the server could not convert
 * such a message for a client using another encoding (GBK, say), which would
 * get an unrelated encoding error instead.  That is raised as RT002.
 */
static void
ReThrowChecked(MemoryContext cxt, bool input_valid, const char *what)
{
	ErrorData  *edata;

	MemoryContextSwitchTo(cxt);
	edata = CopyErrorData();
	FlushErrorState();
	if (input_valid &&
		!(ValidText(edata->message) && ValidText(edata->detail) && ValidText(edata->hint)))
		ereport(ERROR,
				(errcode(ERRCODE_FUZZ_BAD_MESSAGE),
				 errmsg("fuzz helper: %s raised an error whose text is not valid in the database encoding",
						what),
				 errdetail("SQLSTATE %s.", unpack_sql_state(edata->sqlerrcode))));
	ReThrowError(edata);
}

/* Receive a value of typid from len bytes, as CopyReadBinaryAttribute does. */
static Datum
ReceiveExact(Oid typid, const char *data, int len)
{
	Oid			typreceive;
	Oid			typioparam;
	StringInfoData buf;
	Datum		result;
	MemoryContext cxt = CurrentMemoryContext;
	char	   *copy = ExactCopy(data, len);

	getTypeBinaryInputInfo(typid, &typreceive, &typioparam);
	PG_TRY();
	{
		buf.data = copy;
		buf.len = len;
		buf.maxlen = len + 1;
		buf.cursor = 0;
		result = OidReceiveFunctionCall(typreceive, &buf, typioparam, -1);
		if (buf.cursor != buf.len)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("incorrect binary data format")));
	}
	PG_CATCH();
	{
		free(copy);
		/* binary input is any bytes, but messages about it must be text */
		ReThrowChecked(cxt, true, "binary receive");
	}
	PG_END_TRY();
	free(copy);
	return result;
}

/* Parse a value of typid from the text in data (up to its first NUL). */
static Datum
InputExact(Oid typid, const char *data, int len)
{
	Oid			typinput;
	Oid			typioparam;
	Datum		result;
	MemoryContext cxt = CurrentMemoryContext;
	char	   *copy = ExactCopy(data, len);

	getTypeInputInfo(typid, &typinput, &typioparam);
	PG_TRY();
	{
		result = OidInputFunctionCall(typinput, copy, typioparam, -1);
	}
	PG_CATCH();
	{
		bool		input_valid = pg_verifymbstr(copy, strlen(copy), true);

		free(copy);
		ReThrowChecked(cxt, input_valid, "text input");
	}
	PG_END_TRY();
	free(copy);
	return result;
}

static bool
SameBytes(bytea *a, bytea *b)
{
	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

/*
 * Check that value round-trips through text and binary I/O; return its text.
 * Any error on the way, even one with a documented SQLSTATE, is a round-trip
 * failure: an accepted value must be printable and re-readable.
 */
static char *
CheckRoundTrip(Oid typid, Datum value, const char *path)
{
	Oid			typoutput;
	Oid			typsend;
	bool		isvarlena;
	MemoryContext oldcxt = CurrentMemoryContext;
	char	   *volatile out1 = NULL;

	getTypeOutputInfo(typid, &typoutput, &isvarlena);
	getTypeBinaryOutputInfo(typid, &typsend, &isvarlena);
	PG_TRY();
	{
		char	   *out2;
		char	   *out3;
		bytea	   *send1;
		bytea	   *send2;
		bytea	   *send3;
		Datum		value2;
		Datum		value3;

		out1 = OidOutputFunctionCall(typoutput, value);
		send1 = OidSendFunctionCall(typsend, value);

		value2 = InputExact(typid, out1, strlen(out1));
		out2 = OidOutputFunctionCall(typoutput, value2);
		send2 = OidSendFunctionCall(typsend, value2);
		if (strcmp(out1, out2) != 0 || !SameBytes(send1, send2))
			ereport(ERROR,
					(errcode(ERRCODE_FUZZ_ROUND_TRIP),
					 errmsg("text round trip changed the value"),
					 strcmp(out1, out2) != 0 ?
					 errdetail("Output \"%s\" read back prints \"%s\".", out1, out2) :
					 errdetail("Output \"%s\" read back is a different value (its send bytes differ).", out1)));

		value3 = ReceiveExact(typid, VARDATA_ANY(send1), VARSIZE_ANY_EXHDR(send1));
		out3 = OidOutputFunctionCall(typoutput, value3);
		send3 = OidSendFunctionCall(typsend, value3);
		if (strcmp(out1, out3) != 0 || !SameBytes(send1, send3))
			ereport(ERROR,
					(errcode(ERRCODE_FUZZ_ROUND_TRIP),
					 errmsg("binary round trip changed the value"),
					 strcmp(out1, out3) != 0 ?
					 errdetail("Output \"%s\" sent and received prints \"%s\".", out1, out3) :
					 errdetail("Output \"%s\" sent and received sends different bytes.", out1)));
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		/* Re-raise under a code no type documents; the message says what broke. */
		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (edata->sqlerrcode == ERRCODE_QUERY_CANCELED)
			ReThrowError(edata);
		ereport(ERROR,
				(errcode(ERRCODE_FUZZ_ROUND_TRIP),
				 errmsg("fuzz helper: value accepted by %s input of type %s does not round-trip: %s",
						path, format_type_be(typid), edata->message),
				 edata->detail ? errdetail("%s", edata->detail) : 0,
				 errhint("Output was \"%s\".", out1 ? out1 : "(none)")));
	}
	PG_END_TRY();
	return out1;
}

PG_FUNCTION_INFO_V1(fuzz_text);
Datum
fuzz_text(PG_FUNCTION_ARGS)
{
	bytea	   *input = PG_GETARG_BYTEA_PP(0);
	Oid			typid = PG_GETARG_OID(1);
	Datum		value;

	value = InputExact(typid, VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input));
	PG_RETURN_TEXT_P(cstring_to_text(CheckRoundTrip(typid, value, "text")));
}

PG_FUNCTION_INFO_V1(fuzz_recv);
Datum
fuzz_recv(PG_FUNCTION_ARGS)
{
	bytea	   *input = PG_GETARG_BYTEA_PP(0);
	Oid			typid = PG_GETARG_OID(1);
	Datum		value;

	value = ReceiveExact(typid, VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input));
	PG_RETURN_TEXT_P(cstring_to_text(CheckRoundTrip(typid, value, "binary")));
}

/* The send bytes of a value given as text: seeds for binary mutation. */
PG_FUNCTION_INFO_V1(fuzz_send);
Datum
fuzz_send(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	Oid			typid = PG_GETARG_OID(1);
	Oid			typsend;
	bool		isvarlena;
	Datum		value;

	value = InputExact(typid, VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input));
	getTypeBinaryOutputInfo(typid, &typsend, &isvarlena);
	PG_RETURN_BYTEA_P(OidSendFunctionCall(typsend, value));
}

/*
 * Sanitizer self-test for test/suites/90_asan.sh: with kind 'heap', read one
 * byte past a malloc'd buffer; with 'shift', shift by 40 bits.  Both are bugs
 * on purpose, so the suite can show that a report really stops the backend.
 * Never called outside that suite.
 */
PG_FUNCTION_INFO_V1(fuzz_sanitizer_canary);
Datum
fuzz_sanitizer_canary(PG_FUNCTION_ARGS)
{
	text	   *kind = PG_GETARG_TEXT_PP(0);
	int32		bits = PG_GETARG_INT32(1);
	int32		result;

	if (strcmp(text_to_cstring(kind), "heap") == 0)
	{
		volatile char *buf = malloc(bits);

		if (buf == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("fuzz helper: out of memory")));
		result = buf[bits];
		free((void *) buf);
	}
	else
		result = 1 << bits;
	PG_RETURN_INT32(result);
}

/*
 * Spin for the given number of seconds without CHECK_FOR_INTERRUPTS: a call
 * that cannot be cancelled, on purpose, so that test/suites/40_limits.sh can
 * show its cancellation check would catch one.  Never called elsewhere.
 */
PG_FUNCTION_INFO_V1(fuzz_uncancellable_spin);
Datum
fuzz_uncancellable_spin(PG_FUNCTION_ARGS)
{
	int32		seconds = PG_GETARG_INT32(0);
	TimestampTz end = GetCurrentTimestamp() + (TimestampTz) seconds * USECS_PER_SEC;
	int64		spins = 0;

	while (GetCurrentTimestamp() < end)
		spins++;
	PG_RETURN_INT64(spins);
}
