/*
 * libsparshdds: a raw-CDR sertype for Cyclone DDS 0.10.2, in the manner of rmw_cyclonedds_cpp's serdata.cpp.
 *
 * Why a C shim (option C of the three in docs/design-notes.md, "Raw-CDR DDS shim") and not a runtime topic
 * descriptor or a sertype written in C#:
 *  - A descriptor topic (option A) needs Cyclone op codes describing every ROS type and a native struct per message;
 *    the wire bytes would come from Cyclone's serializer, not ours, and 0.10.2 has no getter for a descriptor
 *    topic's sertype, so raw CDR cannot be written onto it.
 *  - A sertype in C# (option B) mirrors private structs (ddsi_sertype, ddsi_serdata, the ops tables with SHM-only
 *    members) by hand-computed offsets; a mistake there is silent memory corruption.
 *  - Here the compiler lays the structs out from Debian's own cyclonedds-dev headers, so the ABI is right by
 *    construction; the C# side only sees a handful of functions taking plain pointers and lengths.
 * The sertype carries the exact ROS type name, is keyless, XCDR1 only and has no XTypes type information, like
 * rmw's, so endpoints match rmw_cyclonedds ones by name. A serdata is simply the CDR bytes (header included).
 *
 * Built by SparshRobot.Ros.csproj with cc (cached by MSBuild inputs/outputs).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "dds/dds.h"
#include "dds/ddsi/ddsi_sertype.h"
#include "dds/ddsi/ddsi_serdata.h"
#include "dds/ddsi/q_radmin.h"

#define SPARSH_EXPORT __attribute__((visibility("default")))

struct sparsh_sertype {
  struct ddsi_sertype c;
};

struct sparsh_serdata {
  struct ddsi_serdata c;
  uint32_t size; /* bytes in data, CDR header included */
  unsigned char *data;
};

/* The sample type of a raw topic, for dds_write / dds_take: a byte range. */
typedef struct sparsh_raw_sample {
  unsigned char *data;
  uint32_t size;
} sparsh_raw_sample_t;

static const struct ddsi_serdata_ops sparsh_serdata_ops;

/* ---- serdata ---- */

static struct sparsh_serdata *serdata_new(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, uint32_t size)
{
  struct sparsh_serdata *d = malloc(sizeof(*d));
  if (d == NULL)
    return NULL;
  ddsi_serdata_init(&d->c, type, kind);
  d->size = size;
  d->data = NULL;
  if (size > 0 && (d->data = malloc(size)) == NULL)
  {
    free(d);
    return NULL;
  }
  /* keyless: every sample belongs to the one instance, so the hash is the type's */
  d->c.hash = type != NULL ? type->serdata_basehash : 0;
  return d;
}

/* A received sample is only ever read by local readers, so its alignment padding (declared by the writer in the low
   two bits of the encapsulation options) is dropped once here: readers can then lend these bytes to callbacks as they
   are, exactly as our serializers write the message, instead of copying them to trim. */
static void drop_padding(struct sparsh_serdata *d)
{
  uint32_t pad = d->size >= 8 ? (d->data[3] & 3u) : 0;
  if (pad == 0 || pad > d->size - 4)
    return;
  d->data[3] &= 0xFC;
  d->size -= pad;
}

static bool sd_eqkey(const struct ddsi_serdata *a, const struct ddsi_serdata *b)
{
  (void)a;
  (void)b;
  return true;
}

static uint32_t sd_get_size(const struct ddsi_serdata *dcmn)
{
  return ((const struct sparsh_serdata *)dcmn)->size;
}

static struct ddsi_serdata *sd_from_ser(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, const struct nn_rdata *fragchain, size_t size)
{
  struct sparsh_serdata *d = serdata_new(type, kind, (uint32_t)size);
  if (d == NULL)
    return NULL;
  /* Fragments may overlap; copy only what each one adds beyond what is already there. */
  uint32_t off = 0;
  while (fragchain != NULL)
  {
    if (fragchain->maxp1 > off)
    {
      const unsigned char *payload = NN_RMSG_PAYLOADOFF(fragchain->rmsg, NN_RDATA_PAYLOAD_OFF(fragchain));
      uint32_t end = fragchain->maxp1 > size ? (uint32_t)size : fragchain->maxp1;
      if (end > off)
        memcpy(d->data + off, payload + (off - fragchain->min), end - off);
      off = end;
    }
    fragchain = fragchain->nextfrag;
  }
  drop_padding(d);
  return &d->c;
}

static struct ddsi_serdata *sd_from_ser_iov(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, ddsrt_msg_iovlen_t niov, const ddsrt_iovec_t *iov, size_t size)
{
  struct sparsh_serdata *d = serdata_new(type, kind, (uint32_t)size);
  if (d == NULL)
    return NULL;
  size_t off = 0;
  for (ddsrt_msg_iovlen_t i = 0; i < niov && off < size; i++)
  {
    size_t n = iov[i].iov_len;
    if (n > size - off)
      n = size - off;
    memcpy(d->data + off, iov[i].iov_base, n);
    off += n;
  }
  drop_padding(d);
  return &d->c;
}

static struct ddsi_serdata *sd_from_keyhash(const struct ddsi_sertype *type, const struct ddsi_keyhash *keyhash)
{
  (void)keyhash;
  struct sparsh_serdata *d = serdata_new(type, SDK_KEY, 0);
  return d != NULL ? &d->c : NULL;
}

static struct ddsi_serdata *sd_from_sample(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, const void *sample)
{
  const sparsh_raw_sample_t *s = sample;
  uint32_t size = kind == SDK_DATA ? s->size : 0;
  /* Pad to a multiple of 4 and record the pad count in the low bits of the encapsulation options, as Cyclone's
     own serializer does; rmw reads only the byte-order byte, so it is unaffected. */
  uint32_t pad = size >= 4 ? (4 - size % 4) % 4 : 0;
  struct sparsh_serdata *d = serdata_new(type, kind, size + pad);
  if (d == NULL)
    return NULL;
  if (size > 0)
    memcpy(d->data, s->data, size);
  if (pad > 0)
  {
    memset(d->data + size, 0, pad);
    d->data[3] = (unsigned char)((d->data[3] & ~3u) | pad);
  }
  return &d->c;
}

static void sd_to_ser(const struct ddsi_serdata *dcmn, size_t off, size_t sz, void *buf)
{
  const struct sparsh_serdata *d = (const struct sparsh_serdata *)dcmn;
  /* Cyclone may ask for up to the next multiple of 4; those bytes are "undefined", send zeros. */
  size_t avail = off < d->size ? d->size - off : 0;
  size_t n = sz < avail ? sz : avail;
  if (n > 0)
    memcpy(buf, d->data + off, n);
  if (sz > n)
    memset((unsigned char *)buf + n, 0, sz - n);
}

static struct ddsi_serdata *sd_to_ser_ref(const struct ddsi_serdata *dcmn, size_t off, size_t sz, ddsrt_iovec_t *ref)
{
  const struct sparsh_serdata *d = (const struct sparsh_serdata *)dcmn;
  if (off + sz > d->size)
  {
    /* Padding requested past the data: hand out a zero-filled copy (freed in to_ser_unref). */
    unsigned char *copy = calloc(1, sz);
    if (copy == NULL)
      return NULL;
    sd_to_ser(dcmn, off, sz, copy);
    ref->iov_base = copy;
    ref->iov_len = sz;
    return ddsi_serdata_ref(dcmn);
  }
  ref->iov_base = d->data + off;
  ref->iov_len = sz;
  return ddsi_serdata_ref(dcmn);
}

static void sd_to_ser_unref(struct ddsi_serdata *dcmn, const ddsrt_iovec_t *ref)
{
  struct sparsh_serdata *d = (struct sparsh_serdata *)dcmn;
  const unsigned char *base = ref->iov_base;
  if (base != NULL && (d->data == NULL || base < d->data || base >= d->data + d->size))
    free(ref->iov_base);
  ddsi_serdata_unref(dcmn);
}

static bool sd_to_sample(const struct ddsi_serdata *dcmn, void *sample, void **bufptr, void *buflim)
{
  (void)bufptr;
  (void)buflim;
  const struct sparsh_serdata *d = (const struct sparsh_serdata *)dcmn;
  sparsh_raw_sample_t *s = sample;
  free(s->data);
  s->data = NULL;
  s->size = 0;
  if (d->c.kind != SDK_DATA || d->size == 0)
    return true;
  if ((s->data = malloc(d->size)) == NULL)
    return false;
  memcpy(s->data, d->data, d->size);
  s->size = d->size;
  return true;
}

static struct ddsi_serdata *sd_to_untyped(const struct ddsi_serdata *dcmn)
{
  /* keyless: the untyped (key-only) form carries nothing */
  struct sparsh_serdata *d = serdata_new(dcmn->type, SDK_KEY, 0);
  if (d == NULL)
    return NULL;
  d->c.type = NULL;
  return &d->c;
}

static bool sd_untyped_to_sample(const struct ddsi_sertype *type, const struct ddsi_serdata *d, void *sample, void **bufptr, void *buflim)
{
  (void)type;
  (void)d;
  (void)bufptr;
  (void)buflim;
  sparsh_raw_sample_t *s = sample;
  free(s->data);
  s->data = NULL;
  s->size = 0;
  return true;
}

static void sd_free(struct ddsi_serdata *dcmn)
{
  struct sparsh_serdata *d = (struct sparsh_serdata *)dcmn;
  free(d->data);
  free(d);
}

static size_t sd_print(const struct ddsi_sertype *type, const struct ddsi_serdata *dcmn, char *buf, size_t size)
{
  (void)type;
  return (size_t)snprintf(buf, size, "(raw cdr, %u bytes)", ((const struct sparsh_serdata *)dcmn)->size);
}

static void sd_get_keyhash(const struct ddsi_serdata *d, struct ddsi_keyhash *buf, bool force_md5)
{
  (void)d;
  (void)force_md5;
  memset(buf, 0, sizeof(*buf));
}

#ifdef DDS_HAS_SHM
static uint32_t sd_get_sample_size(const struct ddsi_serdata *dcmn)
{
  return ((const struct sparsh_serdata *)dcmn)->size;
}
#endif

static const struct ddsi_serdata_ops sparsh_serdata_ops = {
  .eqkey = sd_eqkey,
  .get_size = sd_get_size,
  .from_ser = sd_from_ser,
  .from_ser_iov = sd_from_ser_iov,
  .from_keyhash = sd_from_keyhash,
  .from_sample = sd_from_sample,
  .to_ser = sd_to_ser,
  .to_ser_ref = sd_to_ser_ref,
  .to_ser_unref = sd_to_ser_unref,
  .to_sample = sd_to_sample,
  .to_untyped = sd_to_untyped,
  .untyped_to_sample = sd_untyped_to_sample,
  .free = sd_free,
  .print = sd_print,
  .get_keyhash = sd_get_keyhash,
#ifdef DDS_HAS_SHM
  .get_sample_size = sd_get_sample_size,
  .from_iox_buffer = NULL, /* no iceoryx: the raw type is never loaned */
#endif
};

/* ---- sertype ---- */

static void st_free(struct ddsi_sertype *tp)
{
  ddsi_sertype_fini(tp);
  free(tp);
}

static void st_zero_samples(const struct ddsi_sertype *tp, void *samples, size_t count)
{
  (void)tp;
  memset(samples, 0, count * sizeof(sparsh_raw_sample_t));
}

static void st_realloc_samples(void **ptrs, const struct ddsi_sertype *tp, void *old, size_t oldcount, size_t count)
{
  (void)tp;
  sparsh_raw_sample_t *s = realloc(old, count * sizeof(*s));
  if (s != NULL && count > oldcount)
    memset(s + oldcount, 0, (count - oldcount) * sizeof(*s));
  for (size_t i = 0; i < count; i++)
    ptrs[i] = s != NULL ? &s[i] : NULL;
}

static void st_free_samples(const struct ddsi_sertype *tp, void **ptrs, size_t count, dds_free_op_t op)
{
  (void)tp;
  if (count == 0)
    return;
  sparsh_raw_sample_t *first = ptrs[0];
  if (op & DDS_FREE_CONTENTS_BIT)
  {
    for (size_t i = 0; i < count; i++)
    {
      sparsh_raw_sample_t *s = ptrs[i];
      free(s->data);
      s->data = NULL;
      s->size = 0;
    }
  }
  if (op & DDS_FREE_ALL_BIT)
    free(first);
}

static bool st_equal(const struct ddsi_sertype *a, const struct ddsi_sertype *b)
{
  /* Name, key kind and ops are already compared by Cyclone; a raw type has nothing else. */
  (void)a;
  (void)b;
  return true;
}

static uint32_t st_hash(const struct ddsi_sertype *tp)
{
  (void)tp;
  return 0x5a5a0001u;
}

static const struct ddsi_sertype_ops sparsh_sertype_ops = {
  .version = ddsi_sertype_v0,
  .arg = NULL,
  .free = st_free,
  .zero_samples = st_zero_samples,
  .realloc_samples = st_realloc_samples,
  .free_samples = st_free_samples,
  .equal = st_equal,
  .hash = st_hash,
  .type_id = NULL,
  .type_map = NULL,
  .type_info = NULL,
  .derive_sertype = NULL,
  .get_serialized_size = NULL,
  .serialize_into = NULL,
};

/* ---- exported API (used from C# through LibraryImport) ---- */

/* A participant with USER_DATA (rmw sets "enclave=/;"), in a domain that already exists or is created with defaults. */
SPARSH_EXPORT dds_entity_t sparsh_dds_create_participant(dds_domainid_t domain, const char *user_data)
{
  dds_qos_t *q = dds_create_qos();
  if (user_data != NULL && user_data[0] != 0)
    dds_qset_userdata(q, user_data, strlen(user_data));
  dds_entity_t pp = dds_create_participant(domain, q, NULL);
  dds_delete_qos(q);
  return pp;
}

/* Creates (or finds) the topic `name` with a raw-CDR sertype named `type_name`. */
SPARSH_EXPORT dds_entity_t sparsh_dds_create_topic(dds_entity_t participant, const char *name, const char *type_name)
{
  struct sparsh_sertype *st = calloc(1, sizeof(*st));
  if (st == NULL)
    return DDS_RETCODE_OUT_OF_RESOURCES;
  ddsi_sertype_init_flags(&st->c, type_name, &sparsh_sertype_ops, &sparsh_serdata_ops, DDSI_SERTYPE_FLAG_TOPICKIND_NO_KEY);
  /* XCDR1 only, as rmw: a reader must list the writer's representation for the endpoints to match. */
  st->c.allowed_data_representation = DDS_DATA_REPRESENTATION_FLAG_XCDR1;
  struct ddsi_sertype *actual = &st->c;
  dds_entity_t topic = dds_create_topic_sertype(participant, name, &actual, NULL, NULL, NULL);
  if (topic < 0)
    ddsi_sertype_unref(&st->c);
  return topic;
}

/* QoS as rmw_cyclonedds's create_readwrite_qos: reliability, durability, history, no autodispose, automatic
   liveliness, XCDR1, optional USER_DATA. depth <= 0 means KEEP_ALL. */
static dds_qos_t *make_qos(int32_t reliable, int32_t transient_local, int32_t depth, const char *user_data)
{
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, reliable ? DDS_RELIABILITY_RELIABLE : DDS_RELIABILITY_BEST_EFFORT, reliable ? DDS_INFINITY : 0);
  dds_qset_durability(q, transient_local ? DDS_DURABILITY_TRANSIENT_LOCAL : DDS_DURABILITY_VOLATILE);
  if (depth > 0)
    dds_qset_history(q, DDS_HISTORY_KEEP_LAST, depth);
  else
    dds_qset_history(q, DDS_HISTORY_KEEP_ALL, DDS_LENGTH_UNLIMITED);
  if (transient_local)
    dds_qset_durability_service(q, 0, depth > 0 ? DDS_HISTORY_KEEP_LAST : DDS_HISTORY_KEEP_ALL, depth > 0 ? depth : DDS_LENGTH_UNLIMITED,
                                DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
  dds_qset_writer_data_lifecycle(q, false);
  dds_qset_liveliness(q, DDS_LIVELINESS_AUTOMATIC, DDS_INFINITY);
  dds_data_representation_id_t xcdr1 = DDS_DATA_REPRESENTATION_XCDR1;
  dds_qset_data_representation(q, 1, &xcdr1);
  if (user_data != NULL && user_data[0] != 0)
    dds_qset_userdata(q, user_data, strlen(user_data));
  return q;
}

SPARSH_EXPORT dds_entity_t sparsh_dds_create_writer(dds_entity_t participant, dds_entity_t topic, int32_t reliable, int32_t transient_local, int32_t depth, const char *user_data)
{
  dds_qos_t *q = make_qos(reliable, transient_local, depth, user_data);
  dds_entity_t wr = dds_create_writer(participant, topic, q, NULL);
  dds_delete_qos(q);
  return wr;
}

SPARSH_EXPORT dds_entity_t sparsh_dds_create_reader(dds_entity_t participant, dds_entity_t topic, int32_t reliable, int32_t transient_local, int32_t depth, const char *user_data)
{
  dds_qos_t *q = make_qos(reliable, transient_local, depth, user_data);
  dds_entity_t rd = dds_create_reader(participant, topic, q, NULL);
  dds_delete_qos(q);
  if (rd >= 0)
    dds_set_status_mask(rd, DDS_DATA_AVAILABLE_STATUS);
  return rd;
}

/* Publishes one serialized message (CDR header included); Cyclone copies the bytes before returning. */
SPARSH_EXPORT dds_return_t sparsh_dds_write(dds_entity_t writer, const void *data, uint32_t size)
{
  sparsh_raw_sample_t s = {(unsigned char *)data, size};
  return dds_write(writer, &s);
}

typedef struct sparsh_taken {
  struct ddsi_serdata *serdata; /* one reference, released by sparsh_dds_release */
  uint32_t size;                /* serialized size including the 4-byte CDR header */
  int32_t reserved;
  int64_t source_timestamp;     /* ns since the epoch, as stamped by the writer */
  uint64_t publication_handle;  /* the writer as this reader knows it (rmw_take_request keeps it to find the client) */
  const unsigned char *data;    /* the serdata's own bytes (size of them) while the reference is held; NULL when the
                                   reader's sertype is not ours, then sparsh_dds_copy gives them */
} sparsh_taken_t;

/* Takes up to max samples as serialized data; works for any reader, whatever its topic's sertype. Samples without
   data (disposals, unregistrations) are released here and not returned. */
SPARSH_EXPORT int32_t sparsh_dds_take(dds_entity_t reader, sparsh_taken_t *out, int32_t max)
{
  enum { batch = 64 };
  struct ddsi_serdata *sds[batch];
  dds_sample_info_t infos[batch];
  if (max > batch)
    max = batch;
  dds_return_t n = dds_takecdr(reader, sds, (uint32_t)max, infos, DDS_ANY_STATE);
  if (n < 0)
    return n;
  int32_t kept = 0;
  for (int32_t i = 0; i < n; i++)
  {
    if (!infos[i].valid_data)
    {
      ddsi_serdata_unref(sds[i]);
      continue;
    }
    out[kept].serdata = sds[i];
    out[kept].size = ddsi_serdata_size(sds[i]);
    out[kept].reserved = 0;
    out[kept].source_timestamp = infos[i].source_timestamp;
    out[kept].publication_handle = infos[i].publication_handle;
    out[kept].data = sds[i]->ops == &sparsh_serdata_ops ? ((const struct sparsh_serdata *)sds[i])->data : NULL;
    kept++;
  }
  return kept;
}

/* Calls fn(reader, arg) on the thread that delivers each new sample (Cyclone's receive thread for remote writers, the
   writing thread for local ones), so the caller can take and handle it without waking another thread. */
SPARSH_EXPORT dds_return_t sparsh_dds_set_data_listener(dds_entity_t reader, void (*fn)(dds_entity_t reader, void *arg), void *arg)
{
  dds_listener_t *l = dds_create_listener(arg);
  if (l == NULL)
    return DDS_RETCODE_OUT_OF_RESOURCES;
  dds_lset_data_available(l, fn);
  dds_return_t rc = dds_set_listener(reader, l);
  dds_delete_listener(l);
  return rc;
}

/* Copies the serialized bytes (header included) of a taken sample; size as sparsh_taken.size. */
SPARSH_EXPORT void sparsh_dds_copy(struct ddsi_serdata *serdata, void *buffer, uint32_t size)
{
  ddsi_serdata_to_ser(serdata, 0, size, buffer);
}

SPARSH_EXPORT void sparsh_dds_release(struct ddsi_serdata *serdata)
{
  ddsi_serdata_unref(serdata);
}

/* Current matched-endpoint count of a reader (matched writers) or writer (matched readers); negative on error. */
SPARSH_EXPORT int32_t sparsh_dds_matched(dds_entity_t entity)
{
  dds_subscription_matched_status_t rs;
  if (dds_get_subscription_matched_status(entity, &rs) == DDS_RETCODE_OK)
    return (int32_t)rs.current_count;
  dds_publication_matched_status_t ws;
  dds_return_t ret = dds_get_publication_matched_status(entity, &ws);
  return ret == DDS_RETCODE_OK ? (int32_t)ws.current_count : ret;
}

/* Total incompatible-QoS events seen by a reader (requested) or writer (offered). */
SPARSH_EXPORT int32_t sparsh_dds_incompatible_qos(dds_entity_t entity)
{
  dds_requested_incompatible_qos_status_t rs;
  if (dds_get_requested_incompatible_qos_status(entity, &rs) == DDS_RETCODE_OK)
    return (int32_t)rs.total_count;
  dds_offered_incompatible_qos_status_t ws;
  dds_return_t ret = dds_get_offered_incompatible_qos_status(entity, &ws);
  return ret == DDS_RETCODE_OK ? (int32_t)ws.total_count : ret;
}

/* A reader of the DCPSPublication (writers != 0) or DCPSSubscription built-in topic. */
SPARSH_EXPORT dds_entity_t sparsh_dds_create_discovery_reader(dds_entity_t participant, int32_t writers)
{
  return dds_create_reader(participant, writers ? DDS_BUILTIN_TOPIC_DCPSPUBLICATION : DDS_BUILTIN_TOPIC_DCPSSUBSCRIPTION, NULL, NULL);
}

/* Reads discovered endpoints as lines into buf (NUL-terminated); returns the number of lines, stopping early when buf
   is full. Each line: alive, topic, type, GUID (32 hex digits), reliable (0/1), transient local (0/1), history depth
   (0 = keep all), USER_DATA (tabs and newlines blanked), tab-separated. alive is 1 for a live endpoint. */
SPARSH_EXPORT int32_t sparsh_dds_take_endpoints(dds_entity_t reader, char *buf, int32_t buflen)
{
  enum { batch = 32 };
  void *samples[batch] = {NULL};
  dds_sample_info_t infos[batch];
  int32_t lines = 0;
  size_t used = 0;
  if (buflen <= 0)
    return 0;
  buf[0] = 0;
  dds_return_t n = dds_take(reader, samples, infos, batch, batch);
  if (n < 0)
    return n;
  for (int32_t i = 0; i < n; i++)
  {
    const dds_builtintopic_endpoint_t *ep = samples[i];
    int alive = infos[i].instance_state == DDS_IST_ALIVE && infos[i].valid_data;
    if (!infos[i].valid_data || ep->topic_name == NULL || ep->type_name == NULL)
      continue;
    dds_reliability_kind_t rel = DDS_RELIABILITY_BEST_EFFORT;
    dds_duration_t blocking;
    dds_durability_kind_t dur = DDS_DURABILITY_VOLATILE;
    dds_history_kind_t hist = DDS_HISTORY_KEEP_LAST;
    int32_t depth = 1;
    char user[512] = {0};
    if (ep->qos != NULL)
    {
      dds_qget_reliability(ep->qos, &rel, &blocking);
      dds_qget_durability(ep->qos, &dur);
      dds_qget_history(ep->qos, &hist, &depth);
      void *ud = NULL;
      size_t sz = 0;
      if (dds_qget_userdata(ep->qos, &ud, &sz) && ud != NULL)
      {
        size_t n = sz < sizeof(user) - 1 ? sz : sizeof(user) - 1;
        for (size_t k = 0; k < n; k++)
        {
          char c = ((const char *)ud)[k];
          user[k] = (c == '\t' || c == '\n' || c == 0) ? ' ' : c;
        }
        user[n] = 0;
      }
      dds_free(ud);
    }
    char guid[33];
    for (int k = 0; k < 16; k++)
      snprintf(guid + 2 * k, 3, "%02x", ep->key.v[k]);
    int w = snprintf(buf + used, (size_t)buflen - used, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", alive, ep->topic_name, ep->type_name, guid,
                     rel == DDS_RELIABILITY_RELIABLE, dur == DDS_DURABILITY_TRANSIENT_LOCAL, hist == DDS_HISTORY_KEEP_ALL ? 0 : depth, user);
    if (w < 0 || (size_t)w >= (size_t)buflen - used)
    {
      buf[used] = 0;
      break;
    }
    used += (size_t)w;
    lines++;
  }
  dds_return_loan(reader, samples, n);
  return lines;
}

/* The entity's instance handle: what rmw_cyclonedds puts in a request header as the client's "guid". */
SPARSH_EXPORT uint64_t sparsh_dds_instance_handle(dds_entity_t entity)
{
  dds_instance_handle_t ih = 0;
  return dds_get_instance_handle(entity, &ih) == DDS_RETCODE_OK ? ih : 0;
}

/* Appends an endpoint's USER_DATA and a newline to buf (NUL-terminated); false when it does not fit. */
static bool append_user_data(const dds_builtintopic_endpoint_t *ep, char *buf, size_t buflen, size_t *used)
{
  void *ud = NULL;
  size_t sz = 0;
  if (ep->qos == NULL || !dds_qget_userdata(ep->qos, &ud, &sz))
    sz = 0;
  /* USER_DATA is text by rmw's convention; a newline inside would break the line format, so it becomes a space. */
  if (*used + sz + 2 > buflen)
  {
    dds_free(ud);
    return false;
  }
  for (size_t i = 0; i < sz; i++)
  {
    char c = ((const char *)ud)[i];
    buf[(*used)++] = (c == '\n' || c == 0) ? ' ' : c;
  }
  buf[(*used)++] = '\n';
  buf[*used] = 0;
  dds_free(ud);
  return true;
}

/* USER_DATA of every endpoint matched by a writer (its readers) or a reader (its writers), one line each, into buf.
   Returns the number of lines, or a negative code; -DDS_RETCODE_OUT_OF_RESOURCES style truncation stops early. */
SPARSH_EXPORT int32_t sparsh_dds_matched_user_data(dds_entity_t entity, char *buf, int32_t buflen)
{
  enum { max_matched = 256 };
  dds_instance_handle_t handles[max_matched];
  size_t used = 0;
  int32_t lines = 0;
  bool is_writer = true;
  if (buflen <= 0)
    return 0;
  buf[0] = 0;
  dds_return_t n = dds_get_matched_subscriptions(entity, handles, max_matched);
  if (n < 0)
  {
    is_writer = false;
    n = dds_get_matched_publications(entity, handles, max_matched);
  }
  if (n < 0)
    return n;
  if (n > max_matched)
    n = max_matched;
  for (int32_t i = 0; i < n; i++)
  {
    dds_builtintopic_endpoint_t *ep = is_writer ? dds_get_matched_subscription_data(entity, handles[i])
                                                : dds_get_matched_publication_data(entity, handles[i]);
    if (ep == NULL)
      continue; /* unmatched since the list was taken */
    bool fits = append_user_data(ep, buf, (size_t)buflen, &used);
    dds_builtintopic_free_endpoint(ep);
    if (!fits)
      break;
    lines++;
  }
  return lines;
}

/* USER_DATA of the writer a reader knows as `publication_handle`, into buf (one line); 0 when it is no longer
   matched, 1 when found. */
SPARSH_EXPORT int32_t sparsh_dds_publication_user_data(dds_entity_t reader, uint64_t publication_handle, char *buf, int32_t buflen)
{
  size_t used = 0;
  if (buflen <= 0)
    return 0;
  buf[0] = 0;
  dds_builtintopic_endpoint_t *ep = dds_get_matched_publication_data(reader, publication_handle);
  if (ep == NULL)
    return 0;
  bool fits = append_user_data(ep, buf, (size_t)buflen, &used);
  dds_builtintopic_free_endpoint(ep);
  return fits ? 1 : DDS_RETCODE_OUT_OF_RESOURCES;
}
