/*
 * psqlODBC client of the driver tests (test/suites/51_bi_odbc.sh), through the
 * unixODBC driver manager: connects over TCP with a password (SCRAM) using a
 * DSN-less connection string, runs every case of the table bi_case (built from
 * test/bi/types.sql) RUNS times with SQLPrepare once and SQLExecute with bound
 * parameters (UseServerSidePrepare=1: a named statement on the server), reads
 * every value as characters and checks it.  Prints
 * "N passed, N failed"; exit status 1 on any failure.
 *
 * Usage: bi_odbc 'Driver={...};Server=...;...' (the password from $BI_PASSWORD).
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sql.h>
#include <sqlext.h>

#define RUNS 7
#define MAXPARAMS 8
#define BUFSIZE 65536

static int	passed = 0;
static int	failed = 0;

static void
check(int ok, const char *what, const char *detail)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAIL %s: %s\n", what, detail);
	}
}

/* The first diagnostic record of a handle, as "SQLSTATE: message". */
static void
diag(SQLSMALLINT type, SQLHANDLE h, char *out, size_t outlen)
{
	SQLCHAR		state[6] = "";
	SQLCHAR		msg[1024] = "";
	SQLINTEGER	native;
	SQLSMALLINT len;

	if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof(msg), &len)))
		strcpy((char *) msg, "(no diagnostic)");
	snprintf(out, outlen, "%s: %s", (char *) state, (char *) msg);
}

typedef struct Case
{
	int			id;
	char		type[128];
	char		kind[32];
	char		sql[4096];
	char		params[4096];
	char		cls[32];
	char		expected[BUFSIZE];
	int			expected_null;
} Case;

/* Fetch column col of the current row as characters; returns 0 for NULL. */
static int
get_text(SQLHSTMT st, int col, char *buf, size_t buflen, char *err, size_t errlen)
{
	SQLLEN		ind;
	SQLRETURN	rc = SQLGetData(st, col, SQL_C_CHAR, buf, buflen, &ind);

	if (!SQL_SUCCEEDED(rc))
	{
		diag(SQL_HANDLE_STMT, st, err, errlen);
		return -1;
	}
	if (ind == SQL_NULL_DATA)
		return 0;
	if (rc == SQL_SUCCESS_WITH_INFO && (ind == SQL_NO_TOTAL || ind >= (SQLLEN) buflen))
	{
		snprintf(err, errlen, "value longer than %zu bytes", buflen);
		return -1;
	}
	return 1;
}

/* NULL when got (is_null: SQL NULL) matches the case, else a description. */
static const char *
compare(const Case *c, const char *got, int is_null, const char *expected, int expected_null)
{
	static char why[BUFSIZE + 256];

	if (expected_null || is_null)
	{
		if (expected_null && is_null)
			return NULL;
		snprintf(why, sizeof(why), "expected %.4000s, got %.4000s", expected_null ? "NULL" : expected,
				 is_null ? "NULL" : got);
		return why;
	}
	snprintf(why, sizeof(why), "expected %.4000s, got %.4000s", expected, got);
	if (strcmp(c->cls, "float") == 0)
	{
		double		g = strtod(got, NULL);
		double		w = strtod(expected, NULL);

		return fabs(g - w) <= 1e-12 * fabs(w) ? NULL : why;
	}
	if (strcmp(c->cls, "int") == 0)
		return strtoll(got, NULL, 10) == strtoll(expected, NULL, 10) ? NULL : why;
	if (strcmp(c->cls, "bool") == 0)
	{
		/* psqlODBC renders booleans as 1/0 (BoolsAsChar) */
		int			g = strcmp(got, "1") == 0 || strcmp(got, "t") == 0 || strcmp(got, "true") == 0;

		return g == (strcmp(expected, "true") == 0) ? NULL : why;
	}
	/* text, json, custom: the server's text form */
	return strcmp(got, expected) == 0 ? NULL : why;
}

/* Bind the '|'-separated parameters of a case; storage lives in the arrays. */
static int
bind_params(SQLHSTMT st, const char *params, char text[][1024], SQLINTEGER *ints, double *floats,
			SQLLEN *inds, char *err, size_t errlen)
{
	char		copy[4096];
	char	   *save = NULL;
	char	   *p;
	int			n = 0;

	if (params[0] == '\0')
		return 0;
	snprintf(copy, sizeof(copy), "%s", params);
	for (p = strtok_r(copy, "|", &save); p; p = strtok_r(NULL, "|", &save), n++)
	{
		char	   *value = strchr(p, ':');
		SQLRETURN	rc;

		if (value == NULL || n >= MAXPARAMS)
		{
			snprintf(err, errlen, "bad parameter %s", p);
			return -1;
		}
		*value++ = '\0';
		if (strcmp(p, "text") == 0)
		{
			snprintf(text[n], 1024, "%s", value);
			inds[n] = SQL_NTS;
			rc = SQLBindParameter(st, n + 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
								  strlen(text[n]), 0, text[n], 1024, &inds[n]);
		}
		else if (strcmp(p, "int") == 0)
		{
			ints[n] = (SQLINTEGER) strtol(value, NULL, 10);
			inds[n] = 0;
			rc = SQLBindParameter(st, n + 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER,
								  0, 0, &ints[n], 0, &inds[n]);
		}
		else if (strcmp(p, "float") == 0)
		{
			floats[n] = strtod(value, NULL);
			inds[n] = 0;
			rc = SQLBindParameter(st, n + 1, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE,
								  0, 0, &floats[n], 0, &inds[n]);
		}
		else
		{
			snprintf(err, errlen, "bad parameter kind %s", p);
			return -1;
		}
		if (!SQL_SUCCEEDED(rc))
		{
			diag(SQL_HANDLE_STMT, st, err, errlen);
			return -1;
		}
	}
	return n;
}

/*
 * How many statements prepared on the server (pg_prepared_statements) have the
 * text psqlODBC sends for sql, each ? turned into $1, $2, ...; -1 on error.
 */
static int
server_prepared(SQLHDBC dbc, const char *sql)
{
	char		native[8192];
	char		count[32];
	char		err[2048];
	size_t		o = 0;
	int			n = 0;
	int			result = -1;
	SQLLEN		ind = SQL_NTS;
	SQLHSTMT	q;

	for (; *sql && o < sizeof(native) - 16; sql++)
	{
		if (*sql == '?')
			o += snprintf(native + o, sizeof(native) - o, "$%d", ++n);
		else
			native[o++] = *sql;
	}
	native[o] = '\0';
	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &q);
	if (SQL_SUCCEEDED(SQLBindParameter(q, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, strlen(native), 0,
									   native, sizeof(native), &ind)) &&
		SQL_SUCCEEDED(SQLExecDirect(q, (SQLCHAR *) "SELECT count(*) FROM pg_catalog.pg_prepared_statements"
									" WHERE NOT from_sql AND statement = ?", SQL_NTS)) &&
		SQL_SUCCEEDED(SQLFetch(q)) &&
		get_text(q, 1, count, sizeof(count), err, sizeof(err)) > 0)
		result = atoi(count);
	SQLFreeHandle(SQL_HANDLE_STMT, q);
	return result;
}

/*
 * Prepare a case once, execute it RUNS times; NULL when every run matches.
 * *prepared: how often the statement is in pg_prepared_statements afterwards.
 */
static const char *
run_case(SQLHDBC dbc, const Case *c, const char *expected, int expected_null, int *prepared)
{
	static char problem[BUFSIZE + 512];
	static char got[BUFSIZE];
	char		text[MAXPARAMS][1024];
	SQLINTEGER	ints[MAXPARAMS];
	double		floats[MAXPARAMS];
	SQLLEN		inds[MAXPARAMS];
	char		err[2048];
	SQLHSTMT	st;
	const char *result = NULL;
	int			run;

	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	if (!SQL_SUCCEEDED(SQLPrepare(st, (SQLCHAR *) c->sql, SQL_NTS)))
	{
		diag(SQL_HANDLE_STMT, st, err, sizeof(err));
		snprintf(problem, sizeof(problem), "prepare: %s", err);
		result = problem;
	}
	else if (bind_params(st, c->params, text, ints, floats, inds, err, sizeof(err)) < 0)
	{
		snprintf(problem, sizeof(problem), "bind: %s", err);
		result = problem;
	}
	for (run = 1; run <= RUNS && result == NULL; run++)
	{
		int			r;

		if (!SQL_SUCCEEDED(SQLExecute(st)))
		{
			diag(SQL_HANDLE_STMT, st, err, sizeof(err));
			snprintf(problem, sizeof(problem), "run %d: %s", run, err);
			result = problem;
			break;
		}
		if (!SQL_SUCCEEDED(SQLFetch(st)))
		{
			snprintf(problem, sizeof(problem), "run %d: no row", run);
			result = problem;
		}
		else if ((r = get_text(st, 1, got, sizeof(got), err, sizeof(err))) < 0)
		{
			snprintf(problem, sizeof(problem), "run %d: %s", run, err);
			result = problem;
		}
		else
		{
			const char *why = compare(c, got, r == 0, expected, expected_null);

			if (why)
			{
				snprintf(problem, sizeof(problem), "run %d: %s", run, why);
				result = problem;
			}
			else if (SQLFetch(st) != SQL_NO_DATA)
			{
				snprintf(problem, sizeof(problem), "run %d: more than one row", run);
				result = problem;
			}
		}
		SQLCloseCursor(st);
	}
	/* The statement handle is still open: its server-side statement too. */
	*prepared = server_prepared(dbc, c->sql);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return result;
}

int
main(int argc, char **argv)
{
	SQLHENV		env;
	SQLHDBC		dbc;
	SQLHSTMT	st;
	char		conn[2048];
	char		err[2048];
	Case	   *cases;
	int			ncases = 0;
	int			i;

	if (argc != 2 || getenv("BI_PASSWORD") == NULL)
	{
		fprintf(stderr, "usage: BI_PASSWORD=... bi_odbc 'Driver=...;Server=...;...'\n");
		return 2;
	}
	/* Characters arrive in the locale's encoding: UTF-8 under C.UTF-8. */
	setlocale(LC_ALL, "");
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);

	/* The password is really asked for: a wrong one is refused. */
	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	snprintf(conn, sizeof(conn), "%s;Pwd=wrong;", argv[1]);
	if (SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *) conn, SQL_NTS, NULL, 0, NULL,
									   SQL_DRIVER_NOPROMPT)))
	{
		check(0, "wrong password", "connection accepted");
		SQLDisconnect(dbc);
	}
	else
	{
		diag(SQL_HANDLE_DBC, dbc, err, sizeof(err));
		check(strstr(err, "password authentication failed") != NULL, "wrong password", err);
	}
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);

	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	snprintf(conn, sizeof(conn), "%s;Pwd={%s};", argv[1], getenv("BI_PASSWORD"));
	if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *) conn, SQL_NTS, NULL, 0, NULL,
										SQL_DRIVER_NOPROMPT)))
	{
		diag(SQL_HANDLE_DBC, dbc, err, sizeof(err));
		printf("FAIL connect: %s\n0 passed, 1 failed\n", err);
		return 1;
	}

	/* Read the cases. */
	SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *) "SELECT count(*) FROM bi_case", SQL_NTS)) ||
		!SQL_SUCCEEDED(SQLFetch(st)) ||
		get_text(st, 1, conn, sizeof(conn), err, sizeof(err)) < 0)
	{
		diag(SQL_HANDLE_STMT, st, err, sizeof(err));
		printf("FAIL reading bi_case: %s\n0 passed, 1 failed\n", err);
		return 1;
	}
	SQLCloseCursor(st);
	cases = calloc(atoi(conn) + 1, sizeof(Case));
	if (cases == NULL)
		return 2;
	SQLExecDirect(st, (SQLCHAR *) "SELECT id, type_name, kind, sql, params, result_class, expected"
				  " FROM bi_case ORDER BY id", SQL_NTS);
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		Case	   *c = &cases[ncases++];
		char		id[32];

		get_text(st, 1, id, sizeof(id), err, sizeof(err));
		c->id = atoi(id);
		get_text(st, 2, c->type, sizeof(c->type), err, sizeof(err));
		get_text(st, 3, c->kind, sizeof(c->kind), err, sizeof(err));
		get_text(st, 4, c->sql, sizeof(c->sql), err, sizeof(err));
		if (get_text(st, 5, c->params, sizeof(c->params), err, sizeof(err)) == 0)
			c->params[0] = '\0';
		get_text(st, 6, c->cls, sizeof(c->cls), err, sizeof(err));
		c->expected_null = get_text(st, 7, c->expected, sizeof(c->expected), err, sizeof(err)) == 0;
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	check(ncases > 0, "cases", "bi_case is empty");

	for (i = 0; i < ncases; i++)
	{
		const Case *c = &cases[i];
		char		label[4400];
		int			prepared;
		const char *problem = run_case(dbc, c, c->expected, c->expected_null, &prepared);
		char		detail[64];

		snprintf(label, sizeof(label), "case %d (%s %s: %s)", c->id, c->type, c->kind, c->sql);
		check(problem == NULL, label, problem);
		snprintf(detail, sizeof(detail), "pg_prepared_statements has it %d times", prepared);
		strncat(label, " prepared on the server", sizeof(label) - strlen(label) - 1);
		check(prepared == 1, label, detail);
	}

	/* Negative control: the comparison does fail on a wrong value. */
	if (ncases > 0)
	{
		char		wrong[BUFSIZE + 1];
		int			prepared;

		snprintf(wrong, sizeof(wrong), "%s9", cases[0].expected);
		check(run_case(dbc, &cases[0], wrong, 0, &prepared) != NULL, "negative control",
			  "a wrong expected value was accepted");
	}

	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	free(cases);
	printf("psqlODBC: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
