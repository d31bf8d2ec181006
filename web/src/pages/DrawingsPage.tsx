import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, describeError } from '../api/client.ts';
import { useLiveEvents } from '../api/events.ts';
import { FILE_STATUSES, type FileJson, type FileStatus } from '../api/types.ts';
import { formatBytes, formatDate } from '../format.ts';
import { Link } from '../router.tsx';
import { useCanEdit } from '../session.tsx';
import { UploadZone } from './UploadZone.tsx';

const STATUS_LABELS: Record<FileStatus, string> = {
  uploaded: 'Waiting',
  processing: 'Analysing',
  analyzed: 'Completed',
  failed: 'Failed',
};

/** How long typing in the search box pauses before the list is asked again. */
const SEARCH_SETTLE_MS = 250;

/** `value`, once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The drawings library: search, status filter, upload, live status, delete. */
export function DrawingsPage() {
  const canEdit = useCanEdit();
  const [files, setFiles] = useState<FileJson[]>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<FileStatus | ''>('');
  const [search, setSearch] = useState('');
  const name = useSettled(search.trim(), SEARCH_SETTLE_MS);
  const [error, setError] = useState<string>();
  // the server filters, so a drawing past the loaded pages is found too
  const filters = useMemo(
    () => ({ limit: '100', ...(status ? { status } : {}), ...(name ? { name } : {}) }),
    [status, name],
  );

  const load = useCallback(async () => {
    try {
      const query = new URLSearchParams(filters);
      const page = await api<{ items: FileJson[]; next_cursor: string | null }>(`/api/files?${query}`);
      setFiles(page.items);
      setNextCursor(page.next_cursor);
      setError(undefined);
    } catch (e) {
      setError(`The drawings could not be loaded: ${describeError(e)}`);
    }
  }, [filters]);

  useEffect(() => void load(), [load]);
  useLiveEvents((event) => {
    if (event.type === 'file_uploaded' || event.type === 'analysis_completed') void load();
  });

  const loadMore = async () => {
    if (!nextCursor) return;
    try {
      const query = new URLSearchParams({ ...filters, cursor: nextCursor });
      const page = await api<{ items: FileJson[]; next_cursor: string | null }>(`/api/files?${query}`);
      setFiles((old) => [...(old ?? []), ...page.items]);
      setNextCursor(page.next_cursor);
    } catch (e) {
      setError(`More drawings could not be loaded: ${describeError(e)}`);
    }
  };

  const remove = async (file: FileJson) => {
    if (!window.confirm(`Delete ${file.filename}, its takeoff and its bytes? This cannot be undone.`)) return;
    try {
      await api(`/api/files/${file.file_id}`, { method: 'DELETE' });
      setFiles((old) => old?.filter((f) => f.file_id !== file.file_id));
    } catch (e) {
      setError(`${file.filename} could not be deleted: ${describeError(e)}`);
    }
  };

  return (
    <main id="main" className="page">
      <h1>Drawings</h1>
      {canEdit && <UploadZone onUploaded={() => void load()} />}
      <div className="toolbar" role="search">
        <label>
          Search by name
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="e.g. level 2"
          />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as FileStatus | '')}>
            <option value="">All</option>
            {FILE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {files === undefined && !error && <p>Loading drawings…</p>}
      {files?.length === 0 && (
        <p className="empty">
          {!status && !name
            ? canEdit
              ? 'No drawings yet. Drop DWG, DXF, PDF or IFC files above, or choose them with the button, to get a takeoff.'
              : 'No drawings yet. An estimator or owner uploads them; you will see them here.'
            : 'No drawing matches this search or status. Clear the search or choose “All”.'}
        </p>
      )}
      {files !== undefined && files.length > 0 && (
        <table className="data" aria-label="Drawings">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
              {canEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.file_id} data-file-id={f.file_id}>
                <td>
                  <Link to={`/drawings/${f.file_id}`}>{f.filename}</Link>
                </td>
                <td>
                  <span className={`status status-${f.status}`} data-status={f.status}>
                    {STATUS_LABELS[f.status]}
                  </span>
                </td>
                <td>{formatBytes(f.size_bytes)}</td>
                <td>{formatDate(f.created_at)}</td>
                {canEdit && (
                  <td>
                    <button type="button" className="danger" onClick={() => void remove(f)}>
                      Delete<span className="visually-hidden"> {f.filename}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          Load more drawings
        </button>
      )}
    </main>
  );
}
