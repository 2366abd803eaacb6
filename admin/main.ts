import { render, h } from 'preact';
import './styles.css';
import { App } from './src/app';
import { boot } from './src/model/session';
import { startRouter } from './src/router';

startRouter();
const root = document.getElementById('app');
if (root) render(h(App, null), root);
void boot();
