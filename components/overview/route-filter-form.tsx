import Link from "next/link";
import { PAGE_SIZES, ROUTE_SORTS, ROUTE_STATES, type OverviewFilter } from "@/lib/dashboard/filter-routes";
import type { Messages } from "@/lib/i18n/messages";
import { stateWord } from "@/lib/ui/state-word";

/**
 * The overview's filters as a plain GET form: it works without JavaScript,
 * and the resulting URL (`/?state=down&q=clash`) reproduces the view.
 */
export function RouteFilterForm({ filter, targets, proxies, m, filtering }: { filter: OverviewFilter; targets: string[]; proxies: string[]; m: Messages; filtering: boolean }) {
  const f = m.overview.filter;
  return (
    <form className="filters" method="get" action="/" role="search" aria-label={f.label} data-testid="route-filters">
      <label>
        {f.state}
        <select name="state" defaultValue={filter.state ?? ""}>
          <option value="">{f.all}</option>
          {ROUTE_STATES.map((state) => (
            <option key={state} value={state}>
              {stateWord(m, state)}
            </option>
          ))}
        </select>
      </label>
      <NameChoice label={f.target} name="target" names={targets} current={filter.target} all={f.all} typeHelp={m.overviewPaging.exactName} />
      <NameChoice label={f.proxy} name="proxy" names={proxies} current={filter.proxy} all={f.all} typeHelp={m.overviewPaging.exactName} />
      <label>
        {f.text}
        <input type="search" name="q" defaultValue={filter.q ?? ""} placeholder={f.textHelp} maxLength={200} />
      </label>
      <label>
        {m.overviewPaging.sort}
        <select name="sort" defaultValue={filter.sort}>
          {ROUTE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {m.overviewPaging.sorts[sort]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {m.overviewPaging.perPage}
        <select name="per" defaultValue={String(filter.per)}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <button className="button" type="submit">{f.apply}</button>
      {filtering ? (
        <Link className="button secondary" href="/" data-testid="clear-filters">
          {f.clear}
        </Link>
      ) : null}
    </form>
  );
}

/**
 * Above this many targets or proxies a drop-down is too long to use (and to
 * send: thousands of options on every page), so the filter becomes a name to type.
 */
const MAX_CHOICES = 100;

/** A choice among target or proxy names, "all" first; a typed name when there are too many. */
function NameChoice({ label, name, names, current, all, typeHelp }: { label: string; name: string; names: string[]; current: string | undefined; all: string; typeHelp: string }) {
  if (names.length > MAX_CHOICES) {
    return (
      <label>
        {label}
        <input type="text" name={name} defaultValue={current ?? ""} placeholder={typeHelp} maxLength={200} />
      </label>
    );
  }
  return (
    <label>
      {label}
      <select name={name} defaultValue={chosen(names, current)}>
        <option value="">{all}</option>
        {withCurrent(names, current).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The option a (case-insensitive) name from the URL selects. */
function chosen(names: string[], current: string | undefined): string {
  return current ? (names.find((name) => name.toLowerCase() === current.toLowerCase()) ?? current) : "";
}

/** A name from the URL that no route has (any more) stays selectable, so the form shows what is applied. */
function withCurrent(names: string[], current: string | undefined): string[] {
  return current && !names.some((name) => name.toLowerCase() === current.toLowerCase()) ? [...names, current] : names;
}
