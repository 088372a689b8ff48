/**
 * Runs in the report page (bundled into it by esbuild): clicking a diagram node, or Enter on it,
 * shows that node's details beside its diagram.
 */

// The project compiles without the DOM library (handlers run on Node): the little of it used here.
interface PageElement {
    readonly tagName: string;
    hidden: boolean;
    readonly classList: { add(name: string): void; remove(name: string): void };
    getAttribute(name: string): string | null;
    closest(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
}
interface PageEvent {
    readonly target: PageElement | null;
    readonly key?: string;
    preventDefault(): void;
}
declare const document: { addEventListener(type: "click" | "keydown", listener: (event: PageEvent) => void): void };

function show(node: PageElement): void {
    const view = node.closest(".architecture-view");
    if (!view) return;
    const id = node.getAttribute("data-node");
    for (const detail of Array.from(view.querySelectorAll(".node-detail"))) detail.hidden = detail.getAttribute("data-node") !== id;
    for (const other of Array.from(view.querySelectorAll(".node.selected"))) other.classList.remove("selected");
    node.classList.add("selected");
}

const nodeOf = (event: PageEvent) => event.target?.closest?.("g[data-node]") ?? null;

document.addEventListener("click", (event) => {
    const node = nodeOf(event);
    if (node) show(node);
});
document.addEventListener("keydown", (event) => {
    const node = nodeOf(event);
    if (node && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        show(node);
    }
});

export {};
