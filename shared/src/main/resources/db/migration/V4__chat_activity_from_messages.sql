-- A chat's last-message time is read from its newest message (messages_chat_page) instead of being
-- written to the chat on every send. chats.activity_at keeps the non-message activity (creation,
-- membership changes); the chat list orders by the later of the two.
ALTER TABLE chats DROP COLUMN last_message_at;
