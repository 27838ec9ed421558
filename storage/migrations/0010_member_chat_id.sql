-- members.telegram_id has held Zalo chats too since 0009 (storage/chat_ids.py): its name says
-- what it is, the chat a member's messages go to, on either messenger. SQLite renames the
-- column everywhere it is named: its UNIQUE index (automatic, by column) follows it; no other
-- index, trigger or view of migrations 0001-0009 names it.
ALTER TABLE members RENAME COLUMN telegram_id TO chat_id;
