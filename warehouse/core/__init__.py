"""The warehouse file: settings, DuckDB connection, migrations, SQL views, macros, reference lists."""
