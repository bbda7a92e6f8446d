/// <reference lib="dom" />

/**
 * Writes `provider:workspace/id` with line breaks allowed only after `:` and `/` (each part is a
 * nowrap span): a UUID broken at one of its hyphens reads as two ids.
 */
export function fillLabel(element: HTMLElement, label: string): void {
  element.replaceChildren(
    ...label.split(/(?<=[:/])/).flatMap((part, index) => [
      ...(index > 0 ? [document.createElement('wbr')] : []),
      Object.assign(document.createElement('span'), { className: 'id-part', textContent: part }),
    ]),
  );
}
