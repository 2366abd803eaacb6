import { describe, expect, it } from 'vitest';
import { batch, computed, effect, signal } from '../../widget/signals';

// The widget's reactive state (widget/signals.ts): the meaning @preact/signals-core gives signal,
// computed, effect and batch, which the model, the badges and the prompt UI rely on.

/** An effect that records what it saw each time it ran. */
function watch<T>(read: () => T): T[] {
  const seen: T[] = [];
  effect(() => void seen.push(read()));
  return seen;
}

describe('signal', () => {
  it('gives its value, and peek reads it without becoming a dependency', () => {
    const s = signal(1);
    const seen = watch(() => s.peek());
    s.value = 2;
    expect(s.value).toBe(2);
    expect(seen).toEqual([1]);
  });

  it('re-runs what read it when it changes, and only then', () => {
    const s = signal('a');
    const seen = watch(() => s.value);
    s.value = 'a';
    s.value = 'b';
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('computed', () => {
  it('computes when first read and again only after a dependency changed', () => {
    const a = signal(1);
    const b = signal(10);
    let runs = 0;
    const sum = computed(() => (runs++, a.value + b.value));
    expect(runs).toBe(0);
    expect(sum.value).toBe(11);
    expect(sum.value).toBe(11);
    expect(runs).toBe(1);
    b.value = 20;
    expect(runs).toBe(1);
    expect(sum.peek()).toBe(21);
    expect(runs).toBe(2);
  });

  it('passes a change through a chain to the effects at its end', () => {
    const a = signal(2);
    const double = computed(() => a.value * 2);
    const label = computed(() => `x${double.value}`);
    const seen = watch(() => label.value);
    a.value = 3;
    expect(seen).toEqual(['x4', 'x6']);
  });
});

describe('effect', () => {
  it('depends on what it read last time only', () => {
    const on = signal(true);
    const a = signal('a');
    const b = signal('b');
    const seen = watch(() => (on.value ? a.value : b.value));
    b.value = 'B';
    expect(seen).toEqual(['a']);
    on.value = false;
    a.value = 'A';
    b.value = 'BB';
    expect(seen).toEqual(['a', 'B', 'BB']);
  });

  it('runs once for a change that reaches it by two paths, and sees both paths updated', () => {
    const a = signal(1);
    const left = computed(() => a.value + 1);
    const right = computed(() => a.value * 10);
    const seen = watch(() => [left.value, right.value]);
    a.value = 2;
    expect(seen).toEqual([
      [2, 10],
      [3, 20],
    ]);
  });

  it('lets an effect write a signal another effect reads', () => {
    const source = signal(1);
    const copy = signal(0);
    effect(() => {
      copy.value = source.value * 100;
    });
    const seen = watch(() => copy.value);
    source.value = 2;
    expect(seen).toEqual([100, 200]);
  });

  it('settles when an effect writes what it reads, as the widget does when it starts loading its UI', () => {
    const state = signal<'idle' | 'loading'>('idle');
    let runs = 0;
    effect(() => {
      runs++;
      if (state.value === 'idle') state.value = 'loading';
    });
    expect(state.value).toBe('loading');
    expect(runs).toBe(2);
  });

  it('forgets what it read before a run that threw, and keeps working', () => {
    const a = signal(1);
    const seen: number[] = [];
    effect(() => {
      try {
        seen.push(a.value);
        if (a.value === 2) throw new Error('render failed');
      } catch {
        // The widget's effects catch, and warn.
      }
    });
    a.value = 2;
    a.value = 3;
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('batch', () => {
  it('runs each effect once, after every write in it, with the final values', () => {
    const first = signal('Ann');
    const last = signal('Lee');
    const seen = watch(() => `${first.value} ${last.value}`);
    const result = batch(() => {
      first.value = 'Bo';
      last.value = 'Kim';
      expect(seen).toEqual(['Ann Lee']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['Ann Lee', 'Bo Kim']);
  });

  it('waits for the outermost batch', () => {
    const a = signal(0);
    const seen = watch(() => a.value);
    batch(() => {
      batch(() => {
        a.value = 1;
      });
      expect(seen).toEqual([0]);
      a.value = 2;
    });
    expect(seen).toEqual([0, 2]);
  });
});

describe('what an effect writes', () => {
  it('runs after the effect that wrote it, not inside it', () => {
    const log: string[] = [];
    const a = signal(0);
    const b = signal(0);
    effect(() => {
      log.push(`first ${a.value}`);
      if (a.value === 1) b.value = 1;
      log.push(`first done ${a.value}`);
    });
    effect(() => void log.push(`second ${b.value}`));
    log.length = 0;
    a.value = 1;
    expect(log).toEqual(['first 1', 'first done 1', 'second 1']);
  });

  it('stops an effect that keeps changing what it reads, with an error instead of a frozen page', () => {
    const n = signal(0);
    expect(() =>
      effect(() => {
        n.value = n.value + 1;
      }),
    ).toThrow('Cycle detected');
    // The store still works afterwards.
    const s = signal('x');
    const seen: string[] = [];
    effect(() => void seen.push(s.value));
    s.value = 'y';
    expect(seen).toEqual(['x', 'y']);
  });
});
