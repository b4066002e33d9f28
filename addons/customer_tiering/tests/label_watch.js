(() => {
    // Plays a tour while watching the page for the suite's labels in
    // English: every text the user sees on the way (text nodes, button and
    // tab captions, list headers, the options of a visible select,
    // placeholders and titles) is matched against the labels given; at the
    // end of the tour the labels seen must be exactly the expected ones.
    const {expected, options, tour: tourName} = window.labelWatch;
    const labels = new Set(window.labelWatch.labels);
    const seen = new Set();
    const normalize = (text) => (text || "").replace(/\s+/g, " ").trim();
    function isVisible(element) {
        const target = element.closest("select") || element;
        return target.checkVisibility({
            visibilityProperty: true,
            opacityProperty: true,
        });
    }
    function note(text) {
        const label = normalize(text);
        if (label && labels.has(label)) {
            seen.add(label);
        }
    }
    function scanElement(element) {
        if (!isVisible(element)) {
            return;
        }
        for (const name of ["placeholder", "title"]) {
            note(element.getAttribute(name));
        }
        if (element.childElementCount < 4 && element.textContent.length < 200) {
            note(element.textContent);
        }
        for (const child of element.childNodes) {
            if (child.nodeType === Node.TEXT_NODE) {
                note(child.textContent);
            }
        }
    }
    function scan(root) {
        const element = root.nodeType === Node.TEXT_NODE ? root.parentElement : root;
        if (!element || element.nodeType !== Node.ELEMENT_NODE) {
            return;
        }
        scanElement(element);
        for (const inner of element.querySelectorAll("*")) {
            scanElement(inner);
        }
    }
    const observer = new MutationObserver((mutations) => {
        const roots = new Set();
        for (const mutation of mutations) {
            roots.add(mutation.target);
            mutation.addedNodes.forEach((node) => roots.add(node));
        }
        roots.forEach(scan);
    });
    observer.observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ["class", "style", "placeholder", "title"],
    });
    scan(document.body);

    const {registry} = odoo.loader.modules.get("@web/core/registry");
    const tours = registry.category("web_tour.tours");
    const tour = tours.get(tourName);
    tours.add(`${tourName}_label_watch`, {
        ...tour,
        steps: () => [
            ...tour.steps(),
            {
                content: "No label of the suite was shown in English",
                trigger: "body",
                run() {
                    scan(document.body);
                    observer.disconnect();
                    const found = [...seen].sort();
                    const report = JSON.stringify(found);
                    if (report === JSON.stringify([...expected].sort())) {
                        console.log(
                            `suite labels shown in English: ${report}, as expected`
                        );
                    } else {
                        console.error(`suite labels shown in English: ${report}`);
                    }
                },
            },
        ],
    });
    odoo.startTour(`${tourName}_label_watch`, options);
})();
