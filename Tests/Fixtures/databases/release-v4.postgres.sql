--
-- PostgreSQL database dump
--

\restrict OUXeNh2kzFytJrqmnDgz3CTdg4RKfrS2w75FvbbRIkltTrZ3huID0gme2TpoGpw

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: contact_identities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.contact_identities (
    key text NOT NULL,
    contact_id bigint NOT NULL
);


--
-- Name: contacts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.contacts (
    id bigint NOT NULL,
    phone text,
    user_id text,
    local_id text,
    profile_name text,
    reply_channel text NOT NULL,
    reply_address text NOT NULL,
    first_seen_at double precision NOT NULL,
    last_seen_at double precision NOT NULL,
    inbound_count bigint DEFAULT 0 NOT NULL,
    outbound_count bigint DEFAULT 0 NOT NULL,
    opted_out boolean DEFAULT false NOT NULL,
    rate_notice_until double precision,
    pending_since double precision,
    pending_last double precision,
    turn_due_at double precision,
    lease_owner text,
    lease_token bigint DEFAULT 0 NOT NULL,
    lease_until double precision,
    last_inbound_at double precision,
    budget_notice_until double precision,
    handoff_at double precision,
    handoff_reason text,
    memory_from bigint DEFAULT 0 NOT NULL,
    reply_mode text
);


--
-- Name: contacts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.contacts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: contacts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.contacts_id_seq OWNED BY public.contacts.id;


--
-- Name: facts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.facts (
    id bigint NOT NULL,
    contact_id bigint NOT NULL,
    text text NOT NULL,
    created_at double precision NOT NULL
);


--
-- Name: facts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.facts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: facts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.facts_id_seq OWNED BY public.facts.id;


--
-- Name: media; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.media (
    id text NOT NULL,
    contact_id bigint NOT NULL,
    content_type text NOT NULL,
    bytes bytea NOT NULL,
    created_at double precision NOT NULL,
    expires_at double precision NOT NULL,
    is_public boolean DEFAULT true NOT NULL
);


--
-- Name: messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.messages (
    id bigint NOT NULL,
    contact_id bigint NOT NULL,
    direction text NOT NULL,
    channel text NOT NULL,
    provider_message_id text,
    kind text NOT NULL,
    text text,
    created_at double precision NOT NULL,
    status text NOT NULL,
    error_code text,
    status_at double precision,
    turn_id bigint,
    reply_address text,
    attempts bigint DEFAULT 0 NOT NULL,
    next_attempt_at double precision,
    send_owner text,
    send_token bigint DEFAULT 0 NOT NULL,
    send_lease_until double precision,
    send_started_at double precision,
    media text,
    sent_at double precision,
    error_detail text
);


--
-- Name: messages_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.messages_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: messages_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.messages_id_seq OWNED BY public.messages.id;


--
-- Name: provider_conversations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.provider_conversations (
    contact_id bigint NOT NULL,
    provider text NOT NULL,
    conversation_id text NOT NULL,
    created_at double precision NOT NULL,
    input_tokens bigint DEFAULT 0 NOT NULL,
    pending_calls text DEFAULT '[]'::text NOT NULL,
    seen_through bigint DEFAULT 0 NOT NULL
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version bigint NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: turns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.turns (
    id bigint NOT NULL,
    contact_id bigint NOT NULL,
    owner text NOT NULL,
    lease_token bigint NOT NULL,
    started_at double precision NOT NULL,
    finished_at double precision,
    status text NOT NULL,
    provider text,
    model text,
    input_tokens bigint DEFAULT 0 NOT NULL,
    output_tokens bigint DEFAULT 0 NOT NULL,
    latency_ms double precision,
    note text,
    tool_calls text,
    voice text
);


--
-- Name: turns_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.turns_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: turns_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.turns_id_seq OWNED BY public.turns.id;


--
-- Name: contacts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts ALTER COLUMN id SET DEFAULT nextval('public.contacts_id_seq'::regclass);


--
-- Name: facts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.facts ALTER COLUMN id SET DEFAULT nextval('public.facts_id_seq'::regclass);


--
-- Name: messages id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages ALTER COLUMN id SET DEFAULT nextval('public.messages_id_seq'::regclass);


--
-- Name: turns id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.turns ALTER COLUMN id SET DEFAULT nextval('public.turns_id_seq'::regclass);


--
-- Data for Name: contact_identities; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.contact_identities (key, contact_id) FROM stdin;
phone:+5511900000001	1
phone:+5521900000002	2
\.


--
-- Data for Name: contacts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.contacts (id, phone, user_id, local_id, profile_name, reply_channel, reply_address, first_seen_at, last_seen_at, inbound_count, outbound_count, opted_out, rate_notice_until, pending_since, pending_last, turn_due_at, lease_owner, lease_token, lease_until, last_inbound_at, budget_notice_until, handoff_at, handoff_reason, memory_from, reply_mode) FROM stdin;
1	+5511900000001	\N	\N	Ana	twilio	whatsapp:+5511900000001	1796000000	1796000002	2	2	f	\N	\N	\N	\N	\N	1	\N	1796000002	\N	\N	\N	0	\N
2	+5521900000002	\N	\N	Bruno	twilio	whatsapp:+5521900000002	1796000010	1796000010	1	0	f	\N	1796000010	1796000010	1796000011.5	\N	0	\N	1796000010	\N	\N	\N	0	\N
\.


--
-- Data for Name: facts; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.facts (id, contact_id, text, created_at) FROM stdin;
1	1	Chama-se Ana.	1796000004
\.


--
-- Data for Name: media; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.media (id, contact_id, content_type, bytes, created_at, expires_at, is_public) FROM stdin;
aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa	1	audio/ogg	\\x4f6767532066697874757265206e6f7465	1796000002	1798592000	f
\.


--
-- Data for Name: messages; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.messages (id, contact_id, direction, channel, provider_message_id, kind, text, created_at, status, error_code, status_at, turn_id, reply_address, attempts, next_attempt_at, send_owner, send_token, send_lease_until, send_started_at, media, sent_at, error_detail) FROM stdin;
1	1	in	twilio	SM0001	text	Oi	1796000000	received	\N	\N	1	whatsapp:+5511900000001	0	\N	\N	0	\N	\N	\N	\N	\N
2	1	in	twilio	SM0002	audio	Quero marcar uma consulta	1796000002	received	\N	\N	1	whatsapp:+5511900000001	0	\N	\N	0	\N	\N	{"durationMilliseconds":6500,"kind":"audio","mimeType":"audio/ogg","storedID":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","transcript":"Quero marcar uma consulta","url":"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME2","voice":true}	\N	\N
3	1	out	twilio	SMout3	text	Olá, Ana! Claro.	1796000004	sent	\N	\N	1	whatsapp:+5511900000001	0	\N	\N	0	\N	\N	\N	1796000004.2	\N
4	1	out	twilio	\N	text	Qual dia fica melhor?	1796000004	pending	\N	\N	1	whatsapp:+5511900000001	0	1796000004	\N	0	\N	\N	\N	\N	\N
5	2	in	twilio	SM0005	text	Bom dia	1796000010	received	\N	\N	\N	whatsapp:+5521900000002	0	\N	\N	0	\N	\N	\N	\N	\N
\.


--
-- Data for Name: provider_conversations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.provider_conversations (contact_id, provider, conversation_id, created_at, input_tokens, pending_calls, seen_through) FROM stdin;
1	openai	conv_ana	1796000003	120	[]	0
\.


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migrations (version, applied_at) FROM stdin;
1	2026-11-30 00:00:00+00
2	2026-11-30 00:00:00+00
3	2026-11-30 00:00:00+00
4	2026-11-30 00:00:00+00
\.


--
-- Data for Name: turns; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.turns (id, contact_id, owner, lease_token, started_at, finished_at, status, provider, model, input_tokens, output_tokens, latency_ms, note, tool_calls, voice) FROM stdin;
1	1	web-1	1	1796000003	1796000004	answered	openai	gpt-4o-mini	120	30	840.5	\N	[{"name": "remember_fact", "arguments": "{\\"fact\\":\\"Chama-se Ana.\\"}", "milliseconds": 3}]	[{"messageID": 2, "provider": "openai", "model": "gpt-4o-transcribe", "bytes": 4096, "audioMilliseconds": 6500, "milliseconds": 700}]
\.


--
-- Name: contacts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.contacts_id_seq', 2, true);


--
-- Name: facts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.facts_id_seq', 1, true);


--
-- Name: messages_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.messages_id_seq', 5, true);


--
-- Name: turns_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.turns_id_seq', 1, true);


--
-- Name: contact_identities contact_identities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contact_identities
    ADD CONSTRAINT contact_identities_pkey PRIMARY KEY (key);


--
-- Name: contacts contacts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (id);


--
-- Name: facts facts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.facts
    ADD CONSTRAINT facts_pkey PRIMARY KEY (id);


--
-- Name: media media_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media
    ADD CONSTRAINT media_pkey PRIMARY KEY (id);


--
-- Name: messages messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_pkey PRIMARY KEY (id);


--
-- Name: provider_conversations provider_conversations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.provider_conversations
    ADD CONSTRAINT provider_conversations_pkey PRIMARY KEY (contact_id, provider);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: turns turns_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.turns
    ADD CONSTRAINT turns_pkey PRIMARY KEY (id);


--
-- Name: contact_identities_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contact_identities_contact ON public.contact_identities USING btree (contact_id);


--
-- Name: contacts_lease; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contacts_lease ON public.contacts USING btree (lease_until) WHERE (lease_owner IS NOT NULL);


--
-- Name: contacts_turn_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contacts_turn_due ON public.contacts USING btree (turn_due_at) WHERE (turn_due_at IS NOT NULL);


--
-- Name: facts_contact_text; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX facts_contact_text ON public.facts USING btree (contact_id, text);


--
-- Name: media_expires; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_expires ON public.media USING btree (expires_at);


--
-- Name: messages_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_contact ON public.messages USING btree (contact_id, id);


--
-- Name: messages_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_created ON public.messages USING btree (created_at);


--
-- Name: messages_outbox_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_outbox_contact ON public.messages USING btree (contact_id, id) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));


--
-- Name: messages_outbox_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_outbox_due ON public.messages USING btree (next_attempt_at) WHERE (status = 'pending'::text);


--
-- Name: messages_provider_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX messages_provider_id ON public.messages USING btree (channel, provider_message_id) WHERE (provider_message_id IS NOT NULL);


--
-- Name: messages_sending; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_sending ON public.messages USING btree (send_lease_until) WHERE (status = 'sending'::text);


--
-- Name: messages_turn; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_turn ON public.messages USING btree (turn_id);


--
-- Name: messages_unassigned; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX messages_unassigned ON public.messages USING btree (contact_id, id) WHERE ((direction = 'in'::text) AND (turn_id IS NULL));


--
-- Name: turns_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX turns_contact ON public.turns USING btree (contact_id, status);


--
-- Name: turns_started; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX turns_started ON public.turns USING btree (started_at);


--
-- Name: contact_identities contact_identities_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contact_identities
    ADD CONSTRAINT contact_identities_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id) ON DELETE CASCADE;


--
-- Name: facts facts_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.facts
    ADD CONSTRAINT facts_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id) ON DELETE CASCADE;


--
-- Name: media media_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media
    ADD CONSTRAINT media_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id) ON DELETE CASCADE;


--
-- Name: messages messages_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id) ON DELETE CASCADE;


--
-- Name: messages messages_turn_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_turn_id_fkey FOREIGN KEY (turn_id) REFERENCES public.turns(id) ON DELETE SET NULL;


--
-- Name: provider_conversations provider_conversations_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.provider_conversations
    ADD CONSTRAINT provider_conversations_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id) ON DELETE CASCADE;


--
-- Name: turns turns_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.turns
    ADD CONSTRAINT turns_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict OUXeNh2kzFytJrqmnDgz3CTdg4RKfrS2w75FvbbRIkltTrZ3huID0gme2TpoGpw

