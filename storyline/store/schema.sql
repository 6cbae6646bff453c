-- The store's current schema, in one place. A new store is created from this file; an older store
-- is brought here by the migrations in db.py (tests/test_store_schema.py checks that both give the
-- same tables, columns, indexes and triggers). Columns appear in the order the migrations left
-- them, so a fresh and an upgraded store hold identical rows.
--
-- Spans are (doc_id, start, end): Python str offsets into documents.text. A document's own
-- extractions refer to its entities by `local` (the article's own numbering); resolution maps
-- each local entity to an entity across the corpus (local_entities.entity_id).

-- === ingest: what was read, and what could not be =================================================
CREATE TABLE sources (                 -- one input unit: a file, or a row/item of a table or feed
    content_hash TEXT PRIMARY KEY,     -- the same bytes ingested again are recognised by this
    name         TEXT NOT NULL,        -- exported as documents[].source
    origin       TEXT NOT NULL,        -- where it came from, for messages (path, path + row)
    kind         TEXT NOT NULL,        -- text | html | record
    encoding     TEXT,
    n_documents  INTEGER NOT NULL,
    build_id     INTEGER,
    ingested_at  TEXT NOT NULL
);

CREATE TABLE documents (               -- one article after cleaning and segmentation
    id              TEXT PRIMARY KEY,  -- hash of source + part + text: stable across rebuilds
    source_hash     TEXT NOT NULL REFERENCES sources(content_hash),
    source          TEXT NOT NULL,
    part            INTEGER NOT NULL,  -- its place in a digest page (0 for a single article)
    title           TEXT,
    outlet          TEXT,
    authors         TEXT NOT NULL,     -- JSON list
    published       TEXT,              -- ISO date at the precision the evidence gives
    published_basis TEXT NOT NULL CHECK (published_basis IN ('stated', 'inferred', 'unknown')),
    language        TEXT,
    translation     TEXT,              -- translation notice the page gives, if any
    url             TEXT,
    text            TEXT NOT NULL,     -- the clean text every span indexes
    duplicate_of    TEXT,              -- the earliest document it is a copy/version/translation of
    story           TEXT,
    seq             INTEGER NOT NULL,  -- ingestion order
    analysed        INTEGER NOT NULL DEFAULT 0,  -- its extractions are stored
    note            TEXT,              -- why its extraction is partial or missing
    source_group    TEXT               -- the earliest document it copies or shares a passage with: one source
);
CREATE INDEX documents_source ON documents(source_hash);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
CREATE INDEX documents_story ON documents(story);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_id_published ON documents(id, published);
CREATE INDEX documents_basis_language ON documents(published_basis, language);
CREATE INDEX documents_seq ON documents(seq);

CREATE TABLE removed_lines (           -- page furniture cleaning dropped, with the reason
    doc_id TEXT NOT NULL REFERENCES documents(id),
    line   TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX removed_lines_doc ON removed_lines(doc_id);

CREATE TABLE builds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,                  -- NULL: killed or stopped on an error (the next build redoes resolution)
    inputs      TEXT NOT NULL,         -- JSON list
    summary     TEXT                   -- JSON: counts, seconds per stage, {"failed": {stage, error}}
);

CREATE TABLE problems (                -- every skipped input and warning, with the build that met it
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    build_id INTEGER NOT NULL REFERENCES builds(id),
    origin   TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('skipped', 'warning')),
    reason   TEXT NOT NULL
);

-- === per-article extraction (written with the document, in its transaction) ======================
CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    local  INTEGER NOT NULL,           -- the article's own entity
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    type   TEXT NOT NULL,              -- PERSON | ORG | GPE | ...
    kind   TEXT NOT NULL,              -- name | surname | acronym | title
    normal TEXT                        -- nominative form where names inflect (Russian)
);
CREATE INDEX mentions_doc ON mentions(doc_id, local, kind, text);

CREATE TABLE roles (                   -- titles a source gives an entity ("the Kremlin spokesman")
    doc_id TEXT NOT NULL REFERENCES documents(id),
    local  INTEGER NOT NULL,
    role   TEXT NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL
);
CREATE INDEX roles_doc ON roles(doc_id, local);

CREATE TABLE local_entities (          -- an article's own entities, each mapped to a corpus entity
    doc_id     TEXT NOT NULL REFERENCES documents(id),
    local      INTEGER NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,          -- fullest name form in the article
    era_lo     INTEGER,                -- years named in the sentences that mention it
    era_hi     INTEGER,
    n_mentions INTEGER NOT NULL,
    entity_id  TEXT,                   -- NULL: not resolved yet
    PRIMARY KEY (doc_id, local)
);
CREATE INDEX local_entities_pending ON local_entities(entity_id) WHERE entity_id IS NULL;
CREATE INDEX local_entities_entity ON local_entities(entity_id, doc_id, local);

CREATE TABLE times (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    value  TEXT,                       -- TimeML value; NULL when unresolvable
    type   TEXT NOT NULL,              -- DATE | TIME | DURATION | SET
    anchor TEXT NOT NULL,              -- absolute | publication | text | none
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE event_mentions (          -- one report of an event in one article
    doc_id       TEXT NOT NULL REFERENCES documents(id),
    idx          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    start        INTEGER NOT NULL,     -- the supporting sentence
    end          INTEGER NOT NULL,
    trigger      TEXT NOT NULL,
    date         TEXT,
    date_end     TEXT,
    place        INTEGER,              -- local entity
    participants TEXT NOT NULL,        -- JSON list of local entities
    event_id     TEXT,                 -- the merged event; NULL: not merged yet
    status       TEXT NOT NULL DEFAULT 'happened',  -- happened | scheduled | cancelled | proposed | speculated | denied
    background   INTEGER NOT NULL DEFAULT 0,        -- history or context, not the article's news
    links        TEXT NOT NULL DEFAULT '[]',        -- JSON [local, word start, end, naming start, end]: pronoun parties
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);

CREATE TABLE quotes (
    doc_id        TEXT NOT NULL REFERENCES documents(id),
    idx           INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    direct        INTEGER NOT NULL,
    speaker       INTEGER,             -- local entity; NULL when anonymous or unresolved
    speaker_text  TEXT,                -- how the source names the speaker
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue_start     INTEGER,
    cue_end       INTEGER,
    anonymous     INTEGER NOT NULL,
    hedged        INTEGER NOT NULL,
    via_start     INTEGER,             -- a pronoun's or description's speaker: the mention naming the person
    via_end       INTEGER,
    via_how       TEXT,                -- pronoun | description | publication
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(doc_id, speaker);

CREATE TABLE claims (                  -- one figure a source states
    doc_id       TEXT NOT NULL REFERENCES documents(id),
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,     -- the sentence
    end          INTEGER NOT NULL,
    number_start INTEGER NOT NULL,     -- the figure as written
    number_end   INTEGER NOT NULL,
    subject      TEXT NOT NULL,
    measure      TEXT NOT NULL,        -- normalised for comparison across sources
    value        REAL,
    value_max    REAL,
    unit         TEXT,
    as_of        TEXT,
    status       TEXT,                 -- confirmed | estimated | forecast
    bound        TEXT,                 -- about | up to | at least | at most | plus or minus
    hedged       INTEGER NOT NULL,
    speaker      INTEGER,              -- local entity
    holders      TEXT NOT NULL,        -- JSON list
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX claims_measure ON claims(measure);

CREATE TABLE positions (               -- a party's stance on something on the table (extract.positions)
    doc_id        TEXT NOT NULL REFERENCES documents(id),
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,       -- proposal | demand | condition | offer | acceptance | rejection | denial | support | opposition
    start         INTEGER NOT NULL,    -- the sentence
    end           INTEGER NOT NULL,
    content_start INTEGER NOT NULL,    -- what is on the table
    content_end   INTEGER NOT NULL,
    cue_start     INTEGER NOT NULL,
    cue_end       INTEGER NOT NULL,
    holder        INTEGER,             -- local entity; NULL: a document's own proposal
    holder_start  INTEGER,
    holder_end    INTEGER,
    issue         TEXT NOT NULL,       -- lexicon.issues
    topic         TEXT NOT NULL,       -- the head of what is on the table
    sourcing      TEXT NOT NULL,       -- on_record | anonymous | document | outlet
    hedged        INTEGER NOT NULL,
    date          TEXT,
    document      TEXT,                -- what is known of a document's author, date, publisher
    points        TEXT NOT NULL DEFAULT '[]',  -- JSON [[start, end], ...]: a listed plan's points
    side          TEXT,                -- resolve.positions: the entity the holder speaks for
    subissue      TEXT,                -- resolve.positions: found in the data, within the issue
    answers       TEXT,                -- resolve.positions: "doc_id/idx" of the proposal it answers
    status        TEXT,                -- resolve.positions, proposals: proposed | discussed | agreed | rejected | denied
    n_sources     INTEGER,             -- resolve.positions: independent sources reporting this stance
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX positions_issue ON positions(issue, side);
CREATE INDEX positions_answers ON positions(answers);

-- === corpus-level resolution (rewritten incrementally by resolve/ stages) ========================
CREATE TABLE local_keys (              -- blocking keys: which local entities may be one entity
    key    TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    local  INTEGER NOT NULL
);
CREATE INDEX local_keys_key ON local_keys(key);
CREATE INDEX local_keys_local ON local_keys(doc_id, local);

CREATE TABLE stale_keys (              -- local entities whose keys predate a key rule: recomputed once
    doc_id TEXT NOT NULL,
    local  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, local)
);

CREATE TABLE entities (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    n_mentions  INTEGER NOT NULL,
    n_documents INTEGER NOT NULL
);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_rank ON entities(n_documents DESC, n_mentions DESC);

CREATE TABLE events (                  -- reports of one happening merged across sources
    id           TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    date         TEXT,
    date_end     TEXT,
    place        TEXT,                 -- entity
    participants TEXT NOT NULL,        -- JSON list of entities
    summary      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'happened',  -- from its reports (resolve.events)
    background   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_date ON events(date);

CREATE TABLE event_entities (          -- each event's participants and place, kept by triggers
    event_id  TEXT NOT NULL,
    entity_id TEXT NOT NULL
);
CREATE INDEX event_entities_entity ON event_entities(entity_id, event_id);
CREATE INDEX event_entities_event ON event_entities(event_id);
CREATE TRIGGER event_entities_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_entities(event_id, entity_id)
    SELECT new.id, value FROM json_each(new.participants)
    UNION SELECT new.id, new.place WHERE new.place IS NOT NULL;
END;
CREATE TRIGGER event_entities_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_entities WHERE event_id = old.id;
END;

CREATE TABLE conflicts (               -- where sources disagree; each stage rewrites its own
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind  TEXT NOT NULL,
    items TEXT NOT NULL,               -- JSON list of claim or event ids
    note  TEXT NOT NULL,
    stage TEXT NOT NULL
);

CREATE TABLE sketches (                -- MinHash of each document's shingles (duplicates)
    doc_id  TEXT PRIMARY KEY REFERENCES documents(id),
    minhash BLOB NOT NULL
);

CREATE TABLE paragraph_vectors (       -- paragraph embeddings, computed once per document and model
    doc_id  TEXT PRIMARY KEY REFERENCES documents(id),
    model   TEXT NOT NULL,
    vectors BLOB NOT NULL
);

CREATE TABLE duplicate_pairs (         -- every pair ever decided, with the evidence
    doc_a     TEXT NOT NULL REFERENCES documents(id),
    doc_b     TEXT NOT NULL REFERENCES documents(id),
    jaccard   REAL NOT NULL,
    contained REAL NOT NULL,
    aligned   REAL,
    matched   REAL,
    duplicate INTEGER NOT NULL,
    covered   REAL,                    -- share of the longer text the shared part covers
    passages  TEXT,                    -- JSON spans of a passage both print, when not the same article
    republished TEXT,                  -- the same without page templates the corpus repeats (resolve.duplicates)
    PRIMARY KEY (doc_a, doc_b)
);

CREATE TABLE story_terms (             -- each document's content terms, counted once
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    terms  TEXT NOT NULL
);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    n_documents INTEGER NOT NULL,
    first_date  TEXT,
    last_date   TEXT
);

-- === an analyst's corrections: kept across builds, applied by every build (resolve/) ==============
CREATE TABLE judgements (              -- one decision of an analyst; never rewritten by a build
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    uid     TEXT NOT NULL UNIQUE,      -- hash of what it says, who and when: imported twice, it is one
    action  TEXT NOT NULL,             -- merge | split | distinct | rename | speaker | reject | confirm | event
    target  TEXT NOT NULL,             -- JSON {"kind", "refs"}: stable keys (document id + span), never row ids
    value   TEXT NOT NULL,             -- JSON: what it sets (a name, a speaker, a date)
    label   TEXT NOT NULL,             -- how the item read when judged, for lists
    author  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    created TEXT NOT NULL,
    undone  TEXT,                      -- when it was undone: kept for the audit trail, applied no more
    status  TEXT NOT NULL DEFAULT 'pending',  -- pending | applied | orphaned: what the last build could do with it
    problem TEXT                       -- why the last build could not apply it
);

CREATE TABLE corrected (               -- the items each judgement changed or confirmed in the last build
    judgement_id INTEGER NOT NULL,
    kind         TEXT NOT NULL,        -- entity | quote | claim | event | conflict | duplicate | story
    item         TEXT NOT NULL,        -- the item's id as the views give it
    doc_id       TEXT                  -- a document whose extraction it changed: analysed again on undo
);
CREATE INDEX corrected_item ON corrected(kind, item);

-- === what the web app searches: full-text indexes kept in step by triggers =======================
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker)
    SELECT new.rowid, substr(d.text, new.start + 1, new.end - new.start), COALESCE(new.speaker_text, '')
    FROM documents d WHERE d.id = new.doc_id;
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    DELETE FROM quotes_fts WHERE rowid = old.rowid;
END;
