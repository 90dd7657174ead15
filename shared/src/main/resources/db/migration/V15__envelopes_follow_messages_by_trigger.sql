-- An envelope is written only in the statement that stores its message (or, for an edit, in the
-- transaction holding the message's row lock), so the foreign key to messages checked what the
-- writer already guarantees, at the price of one lookup and one row lock per envelope: a group's
-- fan-out stores a hundred envelopes per message. What the key did besides, removing a message's
-- envelopes with it, is a statement-level trigger, which also covers deletes that cascade from
-- chats and users.
ALTER TABLE message_envelopes DROP CONSTRAINT message_envelopes_message_id_fkey;

CREATE FUNCTION delete_envelopes_of_deleted_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM message_envelopes e USING deleted_messages d WHERE e.message_id = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_delete_envelopes AFTER DELETE ON messages
    REFERENCING OLD TABLE AS deleted_messages
    FOR EACH STATEMENT EXECUTE FUNCTION delete_envelopes_of_deleted_messages();
