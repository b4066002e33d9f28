(async () => {
    const steps = __STEPS__;
    const env = odoo.__WOWL_DEBUG__.root.env;
    const {rpcBus} = odoo.loader.modules.get("@web/core/network/rpc");
    const pending = new Set();
    rpcBus.addEventListener("RPC:REQUEST", ({detail}) => pending.add(detail.data.id));
    rpcBus.addEventListener("RPC:RESPONSE", ({detail}) =>
        pending.delete(detail.data.id)
    );
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    async function settle(selector, label) {
        for (let waited = 0; waited < 20000; waited += 50) {
            const dialog = document.querySelector(".o_error_dialog");
            if (dialog) {
                throw new Error(`${label}: error dialog: ${dialog.innerText}`);
            }
            if (!pending.size && (!selector || document.querySelector(selector))) {
                await sleep(50);
                if (!pending.size && !document.querySelector(".o_error_dialog")) {
                    return;
                }
            }
            await sleep(50);
        }
        throw new Error(`${label}: ${selector || "the action"} did not render in 20 s`);
    }
    try {
        for (const step of steps) {
            const options = {clearBreadcrumbs: true};
            if (step.view_type) {
                options.viewType = step.view_type;
            }
            if (step.res_id) {
                options.props = {resId: step.res_id};
            }
            await env.services.action.doAction(step.action_id, options);
            const selector = step.view_type
                ? `.o_view_controller.o_${step.view_type}_view`
                : "";
            await settle(selector, step.label);
            if (step.check) {
                for (const part of step.check) {
                    if (!document.querySelector(part)) {
                        throw new Error(`${step.label}: ${part} is missing`);
                    }
                }
            }
            console.log(`walked ${step.label}`);
            if (document.querySelector(".modal .o_view_controller")) {
                await env.services.action.doAction({
                    type: "ir.actions.act_window_close",
                });
            }
        }
        console.log("test successful");
    } catch (error) {
        console.error(`menu walk failed: ${error.message}`);
    }
})();
