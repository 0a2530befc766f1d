-- Route rules per API: the rules document (JSON, the authorizer's rules-file format); NULL = none.
ALTER TABLE apis ADD COLUMN routes TEXT;
