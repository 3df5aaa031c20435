/** The value of the form control an input or change event came from; '' from anything else. */
export function fieldText(e: Event): string {
  const target = e.target;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ? target.value : '';
}

/** Whether the checkbox an event came from is ticked. */
export function fieldChecked(e: Event): boolean {
  return e.target instanceof HTMLInputElement && e.target.checked;
}
