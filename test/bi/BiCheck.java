/*
 * pgJDBC client of the driver tests (test/suites/50_bi_jdbc.sh): connects over
 * TCP with a password (SCRAM), runs every case of the table bi_case (built from
 * test/bi/types.sql) as a PreparedStatement RUNS times with prepareThreshold=3,
 * so the later runs use a named server-side statement (and binary transfer for
 * int and float results), checks every value and that the statement really was
 * prepared on the server.  Prints "N passed, N failed"; exit status 1 on failure.
 */
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

public class BiCheck
{
	static final int RUNS = 7;
	static int passed = 0;
	static int failed = 0;

	static void check(boolean ok, String what, String detail)
	{
		if (ok)
			passed++;
		else
		{
			failed++;
			System.out.println("FAIL " + what + ": " + detail);
		}
	}

	static final class Case
	{
		int id;
		String type, kind, sql, params, resultClass, resultType, expected;

		String label()
		{
			return "case " + id + " (" + type + " " + kind + ": " + sql + ")";
		}
	}

	/* What pgJDBC sends for sql: each ? becomes $1, $2, ... */
	static String nativeSql(String sql)
	{
		StringBuilder b = new StringBuilder();
		int n = 0;

		for (char ch : sql.toCharArray())
		{
			if (ch == '?')
				b.append('$').append(++n);
			else
				b.append(ch);
		}
		return b.toString();
	}

	static void bind(PreparedStatement ps, String params) throws SQLException
	{
		if (params.isEmpty())
			return;
		String[] ps_ = params.split("\\|", -1);
		for (int i = 0; i < ps_.length; i++)
		{
			int colon = ps_[i].indexOf(':');
			String kind = ps_[i].substring(0, colon);
			String value = ps_[i].substring(colon + 1);

			switch (kind)
			{
				case "text":
					ps.setString(i + 1, value);
					break;
				case "int":
					ps.setInt(i + 1, Integer.parseInt(value));
					break;
				case "float":
					ps.setDouble(i + 1, Double.parseDouble(value));
					break;
				default:
					throw new IllegalArgumentException("bad parameter " + ps_[i]);
			}
		}
	}

	/* null when the first column of rs matches c.expected, else what differs. */
	static String compare(ResultSet rs, Case c, String expected) throws SQLException
	{
		/* getObject must work for every type (BI tools call it). */
		Object o = rs.getObject(1);
		String s = rs.getString(1);

		if (expected == null)
			return (o == null && s == null && rs.wasNull()) ? null : "expected NULL, got " + s;
		if (o == null || s == null)
			return "expected " + expected + ", got NULL";
		switch (c.resultClass)
		{
			case "float":
				{
					double got = rs.getDouble(1);
					double want = Double.parseDouble(expected);

					return Math.abs(got - want) <= 1e-12 * Math.abs(want) ? null
						: "expected " + expected + ", got " + got;
				}
			case "int":
				return rs.getLong(1) == Long.parseLong(expected) ? null
					: "expected " + expected + ", got " + rs.getLong(1);
			case "bool":
				return rs.getBoolean(1) == Boolean.parseBoolean(expected) ? null
					: "expected " + expected + ", got " + rs.getBoolean(1);
			case "custom":
				{
					/* A custom type arrives as a PGobject naming the type, holding its text form. */
					String tn = rs.getMetaData().getColumnTypeName(1);

					if (!(o instanceof org.postgresql.util.PGobject) || tn == null || !c.resultType.endsWith(tn.replace("\"", "")))
						return "getObject gave " + o.getClass().getName() + ", column type " + tn;
					if (!expected.equals(((org.postgresql.util.PGobject) o).getValue()))
						return "PGobject holds " + ((org.postgresql.util.PGobject) o).getValue();
					return expected.equals(s) ? null : "expected " + expected + ", got " + s;
				}
			default:			/* text, json: the server's text form */
				return expected.equals(s) ? null : "expected " + expected + ", got " + s;
		}
	}

	public static void main(String[] args) throws Exception
	{
		String url = "jdbc:postgresql://" + System.getenv("BI_HOST") + ":" + System.getenv("BI_PORT")
			+ "/" + System.getenv("BI_DB");
		Properties props = new Properties();

		props.setProperty("user", System.getenv("BI_USER"));
		props.setProperty("password", System.getenv("BI_PASSWORD"));
		props.setProperty("prepareThreshold", "3");
		props.setProperty("ApplicationName", "regional_dev pgJDBC test");

		/* The password is really asked for: a wrong one fails with 28P01. */
		Properties wrong = (Properties) props.clone();

		wrong.setProperty("password", "wrong");
		try (Connection bad = DriverManager.getConnection(url, wrong))
		{
			check(false, "wrong password", "connection accepted");
		}
		catch (SQLException e)
		{
			check("28P01".equals(e.getSQLState()), "wrong password", "SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
		}

		try (Connection conn = DriverManager.getConnection(url, props))
		{
			List<Case> cases = new ArrayList<>();

			try (Statement st = conn.createStatement();
				 ResultSet rs = st.executeQuery("SELECT id, type_name, kind, sql, params, result_class, result_oid::regtype::text, expected FROM bi_case ORDER BY id"))
			{
				while (rs.next())
				{
					Case c = new Case();

					c.id = rs.getInt(1);
					c.type = rs.getString(2);
					c.kind = rs.getString(3);
					c.sql = rs.getString(4);
					c.params = rs.getString(5);
					c.resultClass = rs.getString(6);
					c.resultType = rs.getString(7);
					c.expected = rs.getString(8);
					cases.add(c);
				}
			}
			check(!cases.isEmpty(), "cases", "bi_case is empty");

			PreparedStatement prepared = conn.prepareStatement(
				"SELECT count(*) FROM pg_catalog.pg_prepared_statements WHERE NOT from_sql AND statement = ?");

			for (Case c : cases)
			{
				String problem = null;

				try (PreparedStatement ps = conn.prepareStatement(c.sql))
				{
					for (int run = 1; run <= RUNS && problem == null; run++)
					{
						bind(ps, c.params);
						try (ResultSet rs = ps.executeQuery())
						{
							if (!rs.next())
								problem = "no row";
							else
							{
								problem = compare(rs, c, c.expected);
								if (problem == null && rs.next())
									problem = "more than one row";
							}
						}
						if (problem != null)
							problem = "run " + run + ": " + problem;
					}
				}
				catch (SQLException e)
				{
					problem = "SQLSTATE " + e.getSQLState() + ": " + e.getMessage();
				}
				check(problem == null, c.label(), problem);

				/* After RUNS > prepareThreshold executions the statement lives on the server. */
				prepared.setString(1, nativeSql(c.sql));
				try (ResultSet rs = prepared.executeQuery())
				{
					rs.next();
					check(rs.getLong(1) == 1, c.label() + " prepared on the server",
						"pg_prepared_statements has it " + rs.getLong(1) + " times");
				}
			}

			/* Negative control: the comparison does fail on a wrong value. */
			Case c = cases.get(0);

			try (PreparedStatement ps = conn.prepareStatement(c.sql))
			{
				bind(ps, c.params);
				try (ResultSet rs = ps.executeQuery())
				{
					rs.next();
					check(compare(rs, c, c.expected + "9") != null, "negative control", "a wrong expected value was accepted");
				}
			}
		}
		System.out.println("pgJDBC: " + passed + " passed, " + failed + " failed");
		System.exit(failed == 0 ? 0 : 1);
	}
}
