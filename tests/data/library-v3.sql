-- A library at schema version 3 as buildspeak baada3e wrote it (import of
-- tests/data/import/small.page.txt and hours.page.txt, then 'vocab add
-- "deep learning" --episode 1 --at 12'), dumped with sqlite3 .dump; the
-- two PRAGMAs at the end are what .dump leaves out. test_store migrates it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE episodes (  id INTEGER PRIMARY KEY,  title TEXT NOT NULL,  podcast TEXT NOT NULL DEFAULT '',  date TEXT NOT NULL DEFAULT '',  source_url TEXT NOT NULL DEFAULT '',  audio TEXT NOT NULL DEFAULT '',  words INTEGER NOT NULL DEFAULT 0,  reading_minutes INTEGER NOT NULL DEFAULT 0,  duration REAL NOT NULL DEFAULT 0,  imported_at INTEGER NOT NULL);
INSERT INTO episodes VALUES(1,'Ep 1: A Small Test Page','Test Cast','2026-01-05','https://example.org/ep1','',15,1,40.0,1796158686);
INSERT INTO episodes VALUES(2,'A Long One','Long Cast','2025-12-31','','',20,1,36005.0,1796158686);
CREATE TABLE segments (  episode_id INTEGER NOT NULL    REFERENCES episodes(id) ON DELETE CASCADE,  idx INTEGER NOT NULL,  speaker INTEGER NOT NULL    CONSTRAINT "speaker must be >= 1" CHECK (speaker >= 1),  start REAL NOT NULL    CONSTRAINT "start must be >= 0" CHECK (start >= 0),  "end" REAL NOT NULL    CONSTRAINT "end must not be before start" CHECK ("end" >= start),  en TEXT NOT NULL,  zh TEXT NOT NULL,  PRIMARY KEY (episode_id, idx)) WITHOUT ROWID;
INSERT INTO segments VALUES(1,0,1,0.0,10.0,'Hello and welcome to the show.','大家好,欢迎收听本期节目。');
INSERT INTO segments VALUES(1,1,2,10.0,25.0,'We talk about deep learning today.','今天我们聊 deep learning(深度学习)。');
INSERT INTO segments VALUES(1,2,1,25.0,40.0,'Thanks for listening.','感谢收听。');
INSERT INTO segments VALUES(2,0,12,3590.0,3605.0,'Twelve speakers already, crossing the hour.','已经有十二位发言者了,跨过了一小时。');
INSERT INTO segments VALUES(2,1,1,3750.0,3787.0,'Speaker one again, past the hour.','又是第一位发言者,已经过了一小时。');
INSERT INTO segments VALUES(2,2,10,3787.0,3840.0,'Speaker ten now.','现在是第十位发言者。');
INSERT INTO segments VALUES(2,3,2,36000.0,36005.0,'Ten hours in, speaker two.','十个小时后,第二位发言者。');
CREATE TABLE terms (  episode_id INTEGER NOT NULL    REFERENCES episodes(id) ON DELETE CASCADE,  idx INTEGER NOT NULL,  term TEXT NOT NULL,  gloss TEXT NOT NULL DEFAULT '',  count INTEGER NOT NULL DEFAULT 1,  first_segment INTEGER NOT NULL DEFAULT 0,  PRIMARY KEY (episode_id, idx)) WITHOUT ROWID;
INSERT INTO terms VALUES(1,0,'deep learning','深度学习',1,1);
CREATE TABLE progress (  episode_id INTEGER PRIMARY KEY    REFERENCES episodes(id) ON DELETE CASCADE,  position REAL NOT NULL DEFAULT 0,  segment INTEGER NOT NULL DEFAULT -1,  opened_at INTEGER NOT NULL,  opened_seq INTEGER NOT NULL);
CREATE TABLE vocab (  id INTEGER PRIMARY KEY,  term TEXT NOT NULL CONSTRAINT "empty term" CHECK (term <> ''),  term_key TEXT NOT NULL UNIQUE,  gloss TEXT NOT NULL DEFAULT '',  note TEXT NOT NULL DEFAULT '',  created INTEGER NOT NULL,  updated INTEGER NOT NULL);
INSERT INTO vocab VALUES(1,'deep learning','deep learning','深度学习','',1796158686,1796158686);
CREATE TABLE vocab_context (  id INTEGER PRIMARY KEY,  vocab_id INTEGER NOT NULL REFERENCES vocab(id) ON DELETE CASCADE,  en TEXT NOT NULL,  zh TEXT NOT NULL DEFAULT '',  episode_id INTEGER REFERENCES episodes(id) ON DELETE SET NULL,  title TEXT NOT NULL DEFAULT '',  podcast TEXT NOT NULL DEFAULT '',  date TEXT NOT NULL DEFAULT '',  source_url TEXT NOT NULL DEFAULT '',  at REAL NOT NULL DEFAULT 0,  saved INTEGER NOT NULL,  UNIQUE (vocab_id, en));
INSERT INTO vocab_context VALUES(1,1,'We talk about deep learning today.','今天我们聊 deep learning(深度学习)。',1,'Ep 1: A Small Test Page','Test Cast','2026-01-05','https://example.org/ep1',10.0,1796158686);
CREATE INDEX episodes_by_source ON episodes(source_url);
CREATE INDEX episodes_by_ident ON episodes(podcast, date, title);
CREATE INDEX episodes_by_date ON episodes(date, id);
CREATE INDEX vocab_context_by_episode ON vocab_context(episode_id);
CREATE INDEX segments_times ON segments(episode_id, idx, speaker, start, "end");
COMMIT;
PRAGMA application_id = 1112764523;
PRAGMA user_version = 3;
