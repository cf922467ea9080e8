/** A settings form's Save button, and "Saved." beside it once the server took the change. */
export function SaveRow({ busy, saved, labels }: { busy: boolean; saved: boolean; labels: { save: string; saved: string } }) {
  return (
    <div className="row">
      <button className="button" type="submit" disabled={busy}>
        {labels.save}
      </button>
      {saved ? (
        <span className="muted small" role="status">
          {labels.saved}
        </span>
      ) : null}
    </div>
  );
}
