import { TextField } from '../../../ui';
import type { PromptSettingsModel } from './model';
import { THEME_COLOURS, type ThemeColour } from './form';
import { ThemePreview } from './ThemePreview';
import { whiteTextContrast } from './theme-rules';

const LABELS: Record<ThemeColour, string> = {
  accent: 'Accent',
  background: 'Background',
  text: 'Text',
  darkAccent: 'Accent (dark)',
  darkBackground: 'Background (dark)',
  darkText: 'Text (dark)',
};

/** A warning when white call-to-action text would be hard to read on the accent. */
function contrastHint(value: string): string | undefined {
  const ratio = whiteTextContrast(value.trim());
  return ratio !== null && ratio < 4.5 ? `White text on this colour has a contrast of ${ratio.toFixed(1)}:1; keep at least 4.5:1 so everyone can read the button.` : undefined;
}

/** The theme's fields beside the live preview card. */
export function ThemeFields({ model, readOnly }: { model: PromptSettingsModel; readOnly: boolean }) {
  const { form, setTheme, errorFor } = model;
  const theme = form.value.theme;
  return (
    <fieldset class="theme-fields">
      <legend>Theme</legend>
      <p class="muted">Blank keeps the widget's own look, which meets WCAG AA in light and dark.</p>
      <div class="theme-grid">
        <div>
          {THEME_COLOURS.map((key) => (
            <TextField
              key={key}
              label={LABELS[key]}
              value={theme[key]}
              onValue={(v) => setTheme(key, v)}
              error={errorFor(`theme.${key}`)}
              hint={key === 'accent' || key === 'darkAccent' ? contrastHint(theme[key]) : undefined}
              placeholder="#0b6b4f"
              autoComplete="off"
              readOnly={readOnly}
            />
          ))}
          <TextField label="Corner radius" value={theme.radius} onValue={(v) => setTheme('radius', v)} error={errorFor('theme.radius')} placeholder="12px" autoComplete="off" readOnly={readOnly} />
          <TextField label="Font" value={theme.font} onValue={(v) => setTheme('font', v)} error={errorFor('theme.font')} placeholder="Inter, sans-serif" autoComplete="off" readOnly={readOnly} />
          <TextField label="Stacking order (z-index)" inputMode="numeric" value={theme.zIndex} onValue={(v) => setTheme('zIndex', v)} error={errorFor('theme.zIndex')} placeholder="2147483000" autoComplete="off" readOnly={readOnly} />
        </div>
        <ThemePreview theme={theme} />
      </div>
    </fieldset>
  );
}
