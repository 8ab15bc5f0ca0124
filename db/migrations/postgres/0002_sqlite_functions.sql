-- The few SQLite functions that the storage's statements use, so that one text of each statement
-- runs on both databases. Each behaves as SQLite's does on the values linli stores.

-- BLOB, SQLite's name of a byte string, for the statements that cast a parameter to it.
CREATE DOMAIN blob AS bytea;

-- json_each(list): the elements of a JSON list as text (SQLite's value column). A parameter of
-- unknown type resolves to this text version rather than PostgreSQL's own json_each(json).
CREATE FUNCTION json_each(list text) RETURNS TABLE (value text) LANGUAGE sql IMMUTABLE AS $$
    SELECT value FROM json_array_elements_text(list::json)
$$;

-- json_each(doc, '$.key'): the elements of the list at a top-level key.
CREATE FUNCTION json_each(doc text, path text) RETURNS TABLE (value text) LANGUAGE sql IMMUTABLE AS $$
    SELECT value FROM json_array_elements_text((doc::json) -> substr(path, 3))
$$;

-- json_array_length(doc, '$.key'): the length of the list at a top-level key, NULL when absent.
CREATE FUNCTION json_array_length(doc text, path text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT json_array_length((doc::json) -> substr(path, 3))
$$;

-- unixepoch(instant): seconds since 1970 of a stored instant.
CREATE FUNCTION unixepoch(instant text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT floor(extract(epoch FROM instant::timestamptz))::bigint
$$;

-- group_concat(text): the values joined by commas, NULLs left out.
CREATE FUNCTION linli_concat(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || ',' || v END
$$;
CREATE AGGREGATE group_concat(text) (SFUNC = linli_concat, STYPE = text);

-- The database's clock as a stored instant, for changes that have no time of their own
-- (SQLite's strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')).
CREATE FUNCTION linli_now() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"000Z"')
$$;

-- A stored instant one second later, NULL for NULL or '' (SQLite's strftime(..., t, '+1 second')).
CREATE FUNCTION linli_next_second(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF t IS NULL OR t = '' THEN
        RETURN NULL;
    END IF;
    RETURN to_char((t::timestamptz AT TIME ZONE 'UTC') + interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"000Z"');
END
$$;
