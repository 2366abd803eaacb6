import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';

export interface Tab {
  id: string;
  label: string;
  render: () => ComponentChildren;
}

interface Props {
  label: string;
  tabs: readonly Tab[];
  selected: string;
  onSelect: (id: string) => void;
  /** Vertical tabs read Up/Down; horizontal ones Left/Right. */
  vertical?: boolean;
}

/**
 * ARIA tabs (WAI-ARIA Authoring Practices): one tab stop for the list, arrow keys, Home and End move
 * and select. A panel is mounted the first time it is shown and then kept (hidden), so switching
 * tabs never throws away a half-filled form or refetches what is already on screen.
 */
export function Tabs({ label, tabs, selected, onSelect, vertical = false }: Props) {
  const id = useId();
  const list = useRef<HTMLDivElement>(null);
  // Which panels have been shown: only ever grows, and only with the tab being rendered selected.
  const visited = useRef(new Set<string>()).current;
  visited.add(selected);

  const move = (e: KeyboardEvent, index: number) => {
    const next = { [vertical ? 'ArrowDown' : 'ArrowRight']: index + 1, [vertical ? 'ArrowUp' : 'ArrowLeft']: index - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const to = (next + tabs.length) % tabs.length;
    const tab = tabs[to];
    if (!tab) return;
    onSelect(tab.id);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[to]?.focus();
  };

  return (
    <div class={vertical ? 'tabs tabs-vertical' : 'tabs'}>
      <div ref={list} role="tablist" aria-label={label} aria-orientation={vertical ? 'vertical' : 'horizontal'} class="tablist">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={`${id}-panel-${t.id}`}
            tabIndex={t.id === selected ? 0 : -1}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => move(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) =>
        visited.has(t.id) ? (
          <div key={t.id} role="tabpanel" id={`${id}-panel-${t.id}`} aria-labelledby={`${id}-tab-${t.id}`} hidden={t.id !== selected} class="tabpanel">
            {t.render()}
          </div>
        ) : null,
      )}
    </div>
  );
}
