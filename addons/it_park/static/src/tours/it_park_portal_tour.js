/** @odoo-module **/

import {registry} from "@web/core/registry";

// A portal customer opens one of their assets, opens a ticket on it from the asset passport
// and finds the ticket, with the asset, in /my/tickets.
registry.category("web_tour.tours").add("it_park_portal_asset_ticket", {
    url: "/my/assets",
    steps: () => [
        {
            content: "The customer's park lists the asset",
            trigger: "tr.o_it_park_portal_asset a:contains('Serveur NAS Tour')",
            run: "click",
        },
        {
            content: "The asset passport shows the warranty",
            trigger: ".o_it_park_asset_passport .o_it_park_warranty:contains('Warranty End')",
        },
        {
            content: "Open a ticket on this asset",
            trigger: "button.o_it_park_open_ticket",
            run: "click",
        },
        {
            content: "The new-ticket form carries the asset",
            trigger: ".o_it_park_ticket_asset:contains('Serveur NAS Tour')",
        },
        {
            content: "Subject",
            trigger: "form[action='/submitted/ticket'] input[name='subject']",
            run: "edit Sauvegarde du NAS en échec",
        },
        {
            content: "Description",
            trigger: "form[action='/submitted/ticket'] textarea[name='description']",
            run: "edit La sauvegarde nocturne ne se termine plus depuis lundi.",
        },
        {
            content: "Submit the ticket",
            trigger: "form[action='/submitted/ticket'] button[type='submit']",
            run: "click",
        },
        {
            content: "The ticket page shows the asset",
            trigger: ".o_it_park_ticket_assets:contains('Serveur NAS Tour')",
        },
        {
            content: "Go to the list of tickets",
            trigger: ".o_portal_submenu a[href^='/my/tickets']",
            run: "click",
        },
        {
            content: "The ticket is in /my/tickets with its asset",
            trigger:
                "tr:has(a:contains('Sauvegarde du NAS en échec')) td.o_it_park_ticket_assets:contains('Serveur NAS Tour')",
        },
    ],
});
