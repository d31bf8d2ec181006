import { useRef, useState, type DragEvent } from 'react';
import { describeError, uploadFile } from '../api/client.ts';
import type { FileJson } from '../api/types.ts';

interface Upload {
  key: string;
  name: string;
  fraction: number;
  state: 'sending' | 'done' | 'failed';
  message?: string;
}

/** Drop several drawings (or choose them); each shows its own progress and outcome. */
export function UploadZone({ onUploaded }: { onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);

  const update = (key: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const send = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setUploads((list) => [{ key, name: file.name, fraction: 0, state: 'sending' }, ...list]);
      uploadFile<FileJson>(file, (fraction) => update(key, { fraction })).then(
        () => {
          update(key, { fraction: 1, state: 'done' });
          onUploaded();
        },
        (error: unknown) => update(key, { state: 'failed', message: describeError(error) }),
      );
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    send(event.dataTransfer.files);
  };

  return (
    <section aria-labelledby="upload-title" className="upload">
      <h2 id="upload-title" className="visually-hidden">
        Upload drawings
      </h2>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop DWG, DXF, PDF or IFC drawings here (several at once), or</p>
        <button type="button" className="primary" onClick={() => input.current?.click()}>
          Choose files to upload
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept=".dxf,.dwg,.ifc,.pdf"
          aria-label="Drawing files to upload"
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => {
            if (e.target.files) send(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} data-state={u.state}>
              <span className="name">{u.name}</span>
              <progress max={1} value={u.fraction} aria-label={`Upload of ${u.name}`} />
              <span role={u.state === 'failed' ? 'alert' : undefined}>
                {u.state === 'sending' && `${Math.round(u.fraction * 100)} %`}
                {u.state === 'done' && 'Uploaded'}
                {u.state === 'failed' && `Failed: ${u.message}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
