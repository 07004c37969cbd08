/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cgroup module's files; not part of its API. */
#ifndef RT_CGROUP_INTERNAL_H
#define RT_CGROUP_INTERNAL_H

#include <stdbool.h>

#include "cgroup/cgroup.h"
#include "util/err.h"

/* Reads a /proc file into *ret after checking (fstatfs) that it is on procfs. */
int cg_read_proc(const char *path, char **ret, struct rt_err **err);

/* One hierarchy of a handle. */
struct cg_hdir {
	int hier;   /* index into layout->h */
	char *path; /* cgroup path relative to the mount point: "/rt/c1" */
	char *dir;  /* mount point + path */
	char *undo; /* topmost directory cg_create made in this hierarchy (NULL: none) */
	bool sub;   /* exec --cgroup: dir is a sub-cgroup, opened beneath the container's as subfd */
	int subfd;
};

struct cg_handle {
	const struct cg_ops *ops;
	const struct cg_layout *l;
	size_t n;
	struct cg_hdir d[CG_MAX_HIER];
	char *unit;		/* systemd: the scope unit ("rt-c1.scope"), saved with the handle */
	char *keys;		/* cg_load: the saved "@keys" (every hierarchy at create), NULL: none saved */
	char *gone;		/* cg_unreachable: those of them not mounted now ("pids name=x") */
	bool pending;		/* systemd: planned, the unit is started by the first cg_enter_pid */
	struct cg_writes *rest; /* split create: the v1 part cg_create_rest still makes */
	void *priv;		/* backend state, freed by ops->release */
};

/* Which hierarchies a step covers (split creation, see cg_create_opts.defer_v1). */
enum { CG_PART_ALL, CG_PART_V2, CG_PART_V1 };

extern const struct cg_ops cg_ops_cgroupfs;
extern const struct cg_ops cg_ops_none;
#ifdef HAVE_SYSTEMD
extern const struct cg_ops cg_ops_systemd;
#endif

/* cgroupfs pieces the systemd backend reuses (cgroupfs.c). */
/* Fills h->d with the (absolute or relative) path in every hierarchy; no mkdir. */
int cg_fs_place(struct cg_handle *h, const char *path, struct rt_err **err);
/* mkdir -p of d->dir (v2: controllers enabled on the way; v1 cpuset filled). */
int cg_fs_make_dirs(struct cg_handle *h, struct cg_hdir *d, struct rt_err **err);
/* Writes pid to cgroup.procs of the hierarchies of one part (CG_PART_*). */
/* One rmdir per hierarchy, nothing else: how many directories are left (0: all gone). */
size_t cg_fs_rmdir_leaves(struct cg_handle *h);
int cg_fs_enter_pid_part(struct cg_handle *h, pid_t pid, int part, struct rt_err **err);
/* cgroup2 without a v1 devices hierarchy: r's device rules as an eBPF program. */
int cg_fs_apply_devices(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err);

/* The hdir of the hierarchy holding controller c (CG_CORE: cgroup2), or NULL. */
struct cg_hdir *cg_hdir_of(struct cg_handle *h, int c);
/* The hierarchy used for pids/freezing: cgroup2 on pure v2, else v1 freezer, else the first. */
struct cg_hdir *cg_primary(struct cg_handle *h);
/* Writes value to dir/file; error "cgroup: write '<path>' = '<value>': <strerror>". */
int cg_write(const char *dir, const char *file, const char *value, struct rt_err **err);
/* Reads dir/file (up to 1 MiB); -errno without setting an error. */
int cg_read(const char *dir, const char *file, char **ret);
/* Applies translated writes to the handle's directories. */
int cg_apply(struct cg_handle *h, const struct cg_writes *w, struct rt_err **err);
int cg_fs_freeze(struct cg_handle *h, bool freeze, struct rt_err **err);

/*
 * An error about input: the message carries no strerror suffix, but the returned code
 * (and rt_err_code) is -code, so callers can still tell EINVAL from EOPNOTSUPP.
 */
int cg_input_err(struct rt_err **err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
