/**
 * A group of checkboxes under one legend, each ticking one id in or out of a list (themes of a
 * factor, evidence of a recommendation …). `scroll` keeps a long list in a box of its own.
 */
export function CheckList({
  legend,
  options,
  chosen,
  readOnly,
  onToggle,
  scroll = false,
}: {
  legend: string;
  options: readonly { id: string; label: string }[];
  chosen: readonly string[];
  readOnly: boolean;
  onToggle: (id: string, checked: boolean) => void;
  scroll?: boolean;
}) {
  const boxes = options.map((option) => (
    <label key={option.id} className="check">
      <input type="checkbox" disabled={readOnly} checked={chosen.includes(option.id)} onChange={(e) => onToggle(option.id, e.target.checked)} />
      {option.label}
    </label>
  ));
  return (
    <fieldset>
      <legend>{legend}</legend>
      {scroll ? <div className="evidence-picker">{boxes}</div> : boxes}
    </fieldset>
  );
}
